/**
 * Node-only API of the datasets and trace model (re-exported by `@lmkit/trace/node`).
 */
export { buildDatasetFile, resumePoint, type BuildFileOptions, type BuildSummary } from './build-file.js';
export { datasetContext, parsingPython, tutorialPool } from './context.js';
export { poolTracer } from './pool-tracer.js';
export { trainTraceModel, SOURCE_PREFIX, CURVE_CAP, type TrainRunOptions, type TrainRunResult } from '../../model/node/train-run.js';
export { saveTraceModel, loadTraceModel, traceModelMeta, type TraceModelMeta } from '../../model/node/model-file.js';
export { runTraceExperiment, RESULT_FILE } from '../../node/experiment.js';

/**
 * Node-only API of the datasets and trace model (re-exported by `@lmkit/trace/node`).
 */
export { buildDatasetFile, resumePoint, type BuildFileOptions, type BuildSummary } from './build-file.js';
export { datasetContext, parsingPython, tutorialPool } from './context.js';
export { poolTracer } from './pool-tracer.js';
export { saveTraceModel, loadTraceModel, traceModelMeta, type TraceModelMeta } from '../../model/node/model-file.js';
export { trainTraceModelFile, type TrainFileOptions, type TrainFileResult } from '../../model/node/train-file.js';
export * from '../../model/node/char-api.js';

/**
 * Node-only API of the character-level trace model (re-exported by `@lmkit/trace/node`).
 */
export { runCharTraining, SOURCE_PREFIX, CURVE_CAP, type CharRunOptions, type CharRunResult } from './char-run.js';
export { saveCharModel, loadCharModel, charModelMeta, type CharModelMeta } from './char-model-file.js';
export { runExecutorExperiment, EXECUTOR_RESULT_FILE } from '../../node/executor-experiment.js';

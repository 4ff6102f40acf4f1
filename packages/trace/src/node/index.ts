/**
 * Node entry of @lmkit/trace: the sandboxed worker pool, plus everything from the browser-safe entry.
 * @packageDocumentation
 */
export * from '../index.js';
export { TracerPool, resolveWorkerURL, type TracerPoolOptions } from './pool.js';
export type { EngineSelfCheck } from '../sandbox/engine.js';

// datasets/model exports
export * from '../datasets/node/api.js';
export { reproduceTrace } from './experiment.js';

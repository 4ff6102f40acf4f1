/**
 * Node entry of @lmkit/trace: the sandboxed worker pool, plus everything from the browser-safe entry.
 * @packageDocumentation
 */
import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

export * from '../index.js';
export { TracerPool, resolveWorkerURL, type TracerPoolOptions } from './pool.js';
export type { EngineSelfCheck } from '../sandbox/engine.js';

/** The `trace` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproduceTrace: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'trace section not built yet');
};

// datasets/model exports
export * from '../datasets/node/api.js';

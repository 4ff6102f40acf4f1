/**
 * Node entry of @lmkit/trace: the sandboxed worker pool, plus everything from the browser-safe entry.
 * @packageDocumentation
 */
import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

export * from '../index.js';
export { TracerPool, resolveWorkerURL, type TracerPoolOptions } from './pool.js';
export type { EngineSelfCheck } from '../sandbox/engine.js';

/** The `trace` section of `lmkit reproduce` (implementation in ../reproduce/section.ts). */
export const reproduceTrace: ReproduceSectionRunner = (ctx) => reproduceTraceSection(ctx);

// datasets/model exports
export * from '../datasets/node/api.js';
import { reproduceTraceSection } from '../reproduce/section.js';
export { reproduceTraceSection, runTraceSection, QUICK_TRACE_SETTINGS, FULL_TRACE_SETTINGS, type TraceSectionSettings } from '../reproduce/section.js';

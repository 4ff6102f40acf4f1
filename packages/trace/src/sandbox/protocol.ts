/** Messages between a tracer pool and its workers (Node and browser share them). */
import type { TraceResult } from '../tracer/types.js';
import type { EngineSelfCheck } from './engine.js';
import type { TraceRequest } from './limits.js';

/** Host → worker. */
export type ToWorker = { type: 'trace'; id: number; request: TraceRequest } | { type: 'selfcheck'; id: number };

/** Worker → host. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; result: TraceResult; recycle: boolean }
  | { type: 'selfcheck'; id: number; check: EngineSelfCheck };

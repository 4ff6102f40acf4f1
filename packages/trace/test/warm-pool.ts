/** One warm tracer pool for a test file: started before its tests, closed after them. */
import { afterAll, beforeAll } from 'vitest';
import { TracerPool, type TracerPoolOptions } from '../src/node/pool.js';

/**
 * A wall-time limit no test program reaches on any machine (a loaded CI machine gives a worker a few
 * percent of a core): a test that expects a step, output, memory or recursion stop must not be able
 * to end as `timeout`. Tests of the time limit pass their own `timeoutMs`.
 */
export const NO_WALL_LIMIT_MS = 300_000;

/**
 * Registers the pool's start and close with vitest; call the result inside a test to get the pool.
 * The pool's default wall-time limit is {@link NO_WALL_LIMIT_MS} unless `options.limits` sets one.
 */
export function useWarmPool(options: TracerPoolOptions = { size: 1 }): () => TracerPool {
  let pool: TracerPool | undefined;
  // Loading Pyodide takes ~3 s of CPU: minutes of wall time on a loaded machine, so its own budget.
  beforeAll(async () => {
    pool = new TracerPool({ ...options, limits: { timeoutMs: NO_WALL_LIMIT_MS, ...options.limits } });
    await pool.ready();
  }, 600_000);
  afterAll(async () => {
    await pool?.close();
  });
  return () => {
    if (!pool) throw new Error('the warm pool is not started yet: call the getter inside a test');
    return pool;
  };
}

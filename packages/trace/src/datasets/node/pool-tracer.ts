/**
 * Adapts the sandboxed {@link TracerPool} to the dataset builder: CodeExecutor trace text, and
 * uncaught exceptions reported as an `exception` error (so `--keep-errors` decides about them too).
 */
import type { TraceLimits } from '../../sandbox/limits.js';
import { traceToCodeExecutorText } from '../../format/codeexecutor.js';
import type { TracerPool } from '../../node/pool.js';
import type { TraceProgram } from '../build.js';

/** A {@link TraceProgram} that traces through `pool` with optional per-program `limits`. */
export function poolTracer(pool: TracerPool, limits?: TraceLimits): TraceProgram {
  return async (source) => {
    const r = await pool.trace({ source, ...(limits ? { limits } : {}) });
    const t = r.trace;
    const text = t ? traceToCodeExecutorText(t) : '';
    const steps = t?.steps.length ?? 0;
    const stdout = t?.stdout ?? '';
    if (!r.ok) return { ok: false, error: r.error, trace: text, steps, stdout };
    if (t?.exception) {
      return { ok: false, error: { kind: 'exception', message: `${t.exception.type}: ${t.exception.message}` }, trace: text, steps, stdout };
    }
    return { ok: true, trace: text, steps, stdout };
  };
}

/**
 * Per-program limits of the sandboxed tracer and the typed results a run ends in.
 * Browser-safe (no Node imports).
 */
import { TraceLimitError } from './errors.js';

/** Why a program did not produce a trace. */
export type TraceErrorKind = 'timeout' | 'steps' | 'memory' | 'output' | 'recursion' | 'forbidden' | 'python';

/** Every kind, in a stable order (for CLI help and validation). */
export const TRACE_ERROR_KINDS: readonly TraceErrorKind[] = ['timeout', 'steps', 'memory', 'output', 'recursion', 'forbidden', 'python'];

/** A failed run: the program broke a limit, was refused, or does not compile. */
export interface TraceError {
  kind: TraceErrorKind;
  message: string;
  /** When the source does not compile: the SyntaxError's parts (Python Tutor shows them as one entry). */
  syntax?: { type: string; msg: string; line: number | null; offset: number | null };
}

/** Limits for one program. Every field is optional; {@link DEFAULT_LIMITS} fills the rest. */
export interface TraceLimits {
  /** Wall-clock time for one program, ms (interrupt first, then the worker is killed). Default 5,000. */
  timeoutMs?: number;
  /**
   * Steps of the program: line events, or with `countSteps: 'tutor'` the events Python Tutor's
   * logger records. Default 1,000 (Python Tutor's cap).
   */
  maxSteps?: number;
  /** Bytes the program may write to stdout + stderr. Default 1 MiB. */
  maxOutputBytes?: number;
  /** Total size the Python heap (wasm memory) may grow to, bytes. Default 512 MiB. */
  maxMemoryBytes?: number;
  /** Nested Python calls of the program. Default 200. */
  maxRecursionDepth?: number;
  /** Characters of one rendered value before it is cut with `...`. Default 100. */
  maxValueChars?: number;
}

/** Defaults for {@link TraceLimits}. */
export const DEFAULT_LIMITS: Readonly<Required<TraceLimits>> = Object.freeze({
  timeoutMs: 5_000,
  maxSteps: 1_000,
  maxOutputBytes: 1 << 20,
  maxMemoryBytes: 512 * (1 << 20),
  maxRecursionDepth: 200,
  maxValueChars: 100,
});

/** Fills defaults and checks ranges; throws a {@link TraceLimitError} (`LMKIT_BAD_ARGUMENT`, a RangeError) naming the bad field. */
export function resolveLimits(limits: TraceLimits = {}): Required<TraceLimits> {
  const out = { ...DEFAULT_LIMITS, ...stripUndefined(limits) };
  for (const [k, v] of Object.entries(out)) {
    if (!Number.isFinite(v) || v <= 0 || !Number.isInteger(v)) throw new TraceLimitError(`limit ${k} must be a positive integer, got ${String(v)}`);
  }
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Which tracing hook to use inside Python. `auto` picks `sys.monitoring` when the interpreter has it. */
export type TraceMode = 'auto' | 'monitoring' | 'settrace' | 'none';

/** One program to trace. */
export interface TraceRequest {
  /** Python source. */
  source: string;
  /** Lines `input()` (and `sys.stdin`) return, in order; EOFError after the last. */
  stdin?: string[];
  limits?: TraceLimits;
  /** Tracing hook; `none` runs the program untraced (benchmarks). Default `auto`. */
  mode?: TraceMode;
  /** What `limits.maxSteps` counts: line events (default) or Python Tutor's trace entries (`tutor`). */
  countSteps?: 'lines' | 'tutor';
  /**
   * Record containers and strings in full (Python Tutor's view) instead of the first elements a
   * CodeExecutor rendering of `maxValueChars` characters can show (default, faster).
   */
  fullValues?: boolean;
}

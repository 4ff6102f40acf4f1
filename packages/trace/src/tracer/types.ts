/**
 * The typed execution trace: the tracer's event stream, plus its CodeExecutor view as steps.
 * Browser-safe.
 */
import type { TraceError } from '../sandbox/limits.js';
import type { TraceStream } from './stream.js';

/** One executed line of the CodeExecutor view: the state is taken after the line ran. */
export interface TraceStep {
  /** 1-based line number in the source. */
  line: number;
  /** Name of the running code object: `<module>` at top level, else the function name. */
  func: string;
  /** Call depth inside the program (0 = module level). */
  depth: number;
  /**
   * Variables visible after the line ran (module globals, then the frame's locals), name → rendered
   * value, in first-seen order. Modules, functions, classes and dunder names are left out.
   */
  state: Record<string, string>;
  /** Names whose rendered value changed (or appeared) in this step. */
  changed: string[];
  /** Length of the program's stdout after this step: `trace.stdout.slice(0, stdoutEnd)`. */
  stdoutEnd: number;
}

/** The exception a program ended with (the final step of the trace). */
export interface TraceException {
  /** Exception class name, e.g. `ZeroDivisionError`. */
  type: string;
  message: string;
  /** 1-based line where it was raised in the program, when known. */
  line: number | null;
}

/** The execution trace of one program. */
export interface Trace {
  source: string;
  /** Every call, line, return and exception event with the state changes (both formats render from it). */
  stream: TraceStream;
  /** The CodeExecutor view of {@link Trace.stream}: one step per executed line, state after the line. */
  steps: TraceStep[];
  /** Everything the program printed. */
  stdout: string;
  /** Set when the program ended with an uncaught exception. */
  exception?: TraceException;
  /** The Python hook that produced the trace. */
  mode: 'monitoring' | 'settrace' | 'none';
  /** Line events seen (equals `steps.length` for a complete trace). */
  events: number;
  /** The largest rendered value in {@link Trace.steps}, characters (the request's `maxValueChars`). */
  maxValueChars?: number;
  /** Time Python spent running the program (tracing included), ms. */
  elapsedMs?: number;
  /** CPU time of the thread while the program ran (tracing included), ms: Node pool with `cpuTime`, Linux only. */
  cpuMs?: number;
}

/** Outcome of tracing one program: a trace, or a typed error (with the partial trace when there is one). */
export type TraceResult = { ok: true; trace: Trace } | { ok: false; error: TraceError; trace?: Trace };

/** A syntax error found when compiling the program (Python Tutor reports it as one entry). */
export interface SyntaxErrorInfo {
  type: string;
  msg: string;
  line: number | null;
  offset: number | null;
}

/** The JSON the Python tracer returns. */
export interface RawTraceResult {
  ok: boolean;
  mode: Trace['mode'];
  stream: TraceStream;
  stdout: string;
  events: number;
  /** Seconds spent in the program's `exec`. */
  elapsed?: number;
  error: { kind: string; message: string; syntax?: SyntaxErrorInfo } | null;
  exception: TraceException | null;
}

/** The stdout a program had printed when `step` finished. */
export function stdoutAt(trace: Trace, step: number): string {
  const s = trace.steps[step];
  return s ? trace.stdout.slice(0, s.stdoutEnd) : '';
}

/**
 * A Python-Tutor-like JSON view of a {@link Trace}. Browser-safe.
 *
 * Values are the tracer's rendered strings, so `heap` stays empty and every value is inline; caller
 * frames carry their function name only (the tracer records the state of the running frame).
 */
import type { TraceError } from '../sandbox/limits.js';
import type { Trace } from '../tracer/types.js';

/** One frame in a step's stack. */
export interface TutorFrame {
  func_name: string;
  /** Depth in the program's call stack (0 = module). */
  depth: number;
  is_highlighted: boolean;
  ordered_varnames: string[];
  encoded_locals: Record<string, string>;
}

/** One step of the JSON trace. */
export interface TutorStep {
  /** 1-based line. */
  line: number;
  event: 'step_line' | 'exception' | 'uncaught_exception' | 'instruction_limit_reached';
  func_name: string;
  stack_to_render: TutorFrame[];
  /** Inline values only: always `{}`. */
  heap: Record<string, never>;
  /** stdout printed so far. */
  stdout: string;
  exception_msg?: string;
}

/** The JSON document: the program and its steps. */
export interface TutorTrace {
  code: string;
  trace: TutorStep[];
}

/** Converts a trace (and, for a failed run, its error) to the Python-Tutor-like JSON. */
export function toTutor(trace: Trace, error?: TraceError): TutorTrace {
  const names: string[] = [];
  const steps: TutorStep[] = trace.steps.map((s) => {
    names[s.depth] = s.func;
    names.length = s.depth + 1;
    const stack: TutorFrame[] = Array.from(names, (f, d) =>
      d === s.depth
        ? { func_name: f, depth: d, is_highlighted: true, ordered_varnames: Object.keys(s.state), encoded_locals: { ...s.state } }
        : { func_name: f ?? '?', depth: d, is_highlighted: false, ordered_varnames: [], encoded_locals: {} },
    );
    return { line: s.line, event: 'step_line', func_name: s.func, stack_to_render: stack, heap: {}, stdout: trace.stdout.slice(0, s.stdoutEnd) };
  });
  const last = steps[steps.length - 1];
  const tail = (event: TutorStep['event'], msg: string, line: number | null): TutorStep => ({
    line: line ?? last?.line ?? 0,
    event,
    func_name: last?.func_name ?? '<module>',
    stack_to_render: last?.stack_to_render ?? [],
    heap: {},
    stdout: trace.stdout,
    exception_msg: msg,
  });
  if (error) steps.push(tail(error.kind === 'steps' ? 'instruction_limit_reached' : 'exception', `${error.kind}: ${error.message}`, null));
  else if (trace.exception) steps.push(tail('uncaught_exception', `${trace.exception.type}: ${trace.exception.message}`, trace.exception.line));
  return { code: trace.source, trace: steps };
}

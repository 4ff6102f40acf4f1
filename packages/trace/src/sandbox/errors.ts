/**
 * Errors of the sandbox code that also runs inside the worker, where @lmkit/tensor (and tfjs) must
 * not be loaded. They carry the same stable `LMKIT_…` codes as `LmkitError`, so `isLmkitError`
 * from @lmkit/tensor (duck-typed on `code`) and the CLI recognise them.
 */

/** A trace limit outside its range (`LMKIT_BAD_ARGUMENT`); still a `RangeError`. */
export class TraceLimitError extends RangeError {
  /** Stable machine-readable code. */
  readonly code = 'LMKIT_BAD_ARGUMENT';
  constructor(message: string) {
    super(message);
    this.name = 'TraceLimitError';
  }
}

/** The browser tracer cannot serve a program: `LMKIT_TRACER_DISPOSED` or `LMKIT_TRACE_WORKER` (Pyodide did not start). */
export class TracerStateError extends Error {
  /** Stable machine-readable code. */
  readonly code: 'LMKIT_TRACER_DISPOSED' | 'LMKIT_TRACE_WORKER';
  constructor(code: 'LMKIT_TRACER_DISPOSED' | 'LMKIT_TRACE_WORKER', message: string) {
    super(message);
    this.name = 'TracerStateError';
    this.code = code;
  }
}

/**
 * Typed errors shared by every lmkit package. Each carries a stable `code` that callers
 * (and the CLI, which maps them to exit code 2) can rely on; messages say what to do.
 */
export type LmkitErrorCode =
  | 'LMKIT_BAD_SHAPE'
  | 'LMKIT_BAD_ARGUMENT'
  | 'LMKIT_BAD_CONFIG'
  | 'LMKIT_BAD_CHECKPOINT'
  | 'LMKIT_BAD_DATA'
  | 'LMKIT_MISSING_FILE'
  | 'LMKIT_UNKNOWN_CORPUS'
  | 'LMKIT_BACKEND'
  | 'LMKIT_BAD_POSITION'
  | 'LMKIT_ODD_HEAD_DIM'
  | 'LMKIT_LENGTH_NOT_COVERED'
  | (string & {});

/** Base class of every error lmkit throws on purpose. */
export class LmkitError extends Error {
  /** Stable machine-readable code, e.g. `LMKIT_BAD_SHAPE`. */
  readonly code: LmkitErrorCode;
  constructor(code: LmkitErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LmkitError';
    this.code = code;
  }
}

/** Thrown when a tensor or array has the wrong shape. */
export class ShapeError extends LmkitError {
  constructor(message: string) {
    super('LMKIT_BAD_SHAPE', message);
    this.name = 'ShapeError';
  }
}

/** Thrown when a function argument is out of its documented range. */
export class ArgumentError extends LmkitError {
  constructor(message: string) {
    super('LMKIT_BAD_ARGUMENT', message);
    this.name = 'ArgumentError';
  }
}

/** True when `e` is an lmkit error (also across package copies, by duck typing on `code`). */
export function isLmkitError(e: unknown): e is LmkitError {
  return (
    e instanceof LmkitError ||
    (e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && String((e as unknown as { code: string }).code).startsWith('LMKIT_'))
  );
}

/** Throws an {@link ArgumentError} unless `ok`. */
export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ArgumentError(message);
}

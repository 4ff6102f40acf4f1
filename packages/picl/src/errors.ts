import { LmkitError } from '@lmkit/tensor';

/** Stable codes of the errors @lmkit/picl throws on purpose. */
export type PiclErrorCode =
  | 'LMKIT_EMPTY_CORPUS'
  | 'LMKIT_DIM_MISMATCH'
  | 'LMKIT_K_TOO_LARGE'
  | 'LMKIT_MISSING_FILE'
  | 'LMKIT_BAD_INDEX'
  | 'LMKIT_BAD_DATA'
  | 'LMKIT_BAD_ARGUMENT'
  | 'LMKIT_MISSING_EMBEDDINGS';

/** An error from @lmkit/picl; `code` is stable, the message says what to do. */
export class PiclError extends LmkitError {
  declare readonly code: PiclErrorCode;
  constructor(code: PiclErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'PiclError';
  }
}

/** Throws `LMKIT_EMPTY_CORPUS` when there is nothing to index. */
export function assertNonEmpty(n: number, what: string): void {
  if (n === 0) throw new PiclError('LMKIT_EMPTY_CORPUS', `${what} is empty: give at least one paragraph`);
}

/** Throws `LMKIT_DIM_MISMATCH` unless `got === want`. */
export function assertDim(got: number, want: number, what: string): void {
  if (got !== want) {
    throw new PiclError('LMKIT_DIM_MISMATCH', `${what} has dimension ${got}, the index expects ${want}: use the same encoder for the index and the queries`);
  }
}

/** Throws `LMKIT_K_TOO_LARGE` unless 1 ≤ k ≤ size. */
export function assertK(k: number, size: number): void {
  if (!Number.isInteger(k) || k < 1) throw new PiclError('LMKIT_BAD_ARGUMENT', `k must be a positive integer, got ${k}`);
  if (k > size) throw new PiclError('LMKIT_K_TOO_LARGE', `k = ${k} is larger than the index (${size} items): ask for at most ${size}`);
}

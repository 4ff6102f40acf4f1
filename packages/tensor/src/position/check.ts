import { LmkitError } from '../errors.js';

/** Throws `LMKIT_BAD_POSITION` unless `start` is a non-negative integer (`who` names the caller). */
export function checkPositionStart(start: number, who: string): void {
  if (!Number.isInteger(start) || start < 0) {
    throw new LmkitError('LMKIT_BAD_POSITION', `${who}: positions must be non-negative integers, got start ${start}`);
  }
}

/** Throws `LMKIT_BAD_ARGUMENT` unless `n` is a positive integer. */
export function checkPositiveInteger(n: number, what: string): void {
  if (!Number.isInteger(n) || n <= 0) throw new LmkitError('LMKIT_BAD_ARGUMENT', `${what} must be a positive integer, got ${n}`);
}

/** Throws `LMKIT_ODD_HEAD_DIM` unless `headDim` is a positive even integer (rotary encodings work on pairs). */
export function checkHeadDim(headDim: number, who: string): void {
  if (!Number.isInteger(headDim) || headDim <= 0 || headDim % 2 !== 0) {
    throw new LmkitError(
      'LMKIT_ODD_HEAD_DIM',
      `${who}: head dimension must be a positive even number (rotation works on pairs), got ${headDim}; choose dModel/numHeads even`,
    );
  }
}

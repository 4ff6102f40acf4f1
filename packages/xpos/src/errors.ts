import { LmkitError } from '@lmkit/tensor';

/** Stable codes of the errors @lmkit/xpos throws. */
export const XPOS_ERROR_CODES = {
  /** Rotary encodings (RoPE, XPOS) need an even head dimension. */
  oddHeadDim: 'LMKIT_ODD_HEAD_DIM',
  /** A position index was negative or not an integer. */
  badPosition: 'LMKIT_BAD_POSITION',
  /** A position lies past what the encoding covers (a learned table). */
  lengthNotCovered: 'LMKIT_LENGTH_NOT_COVERED',
  /** An argument is out of its documented range. */
  badArgument: 'LMKIT_BAD_ARGUMENT',
  /** A tensor or array has the wrong shape. */
  badShape: 'LMKIT_BAD_SHAPE',
} as const;

/** Throws `LMKIT_ODD_HEAD_DIM` unless `headDim` is a positive even integer (the core's check). */
export { checkHeadDim } from '@lmkit/tensor';

/** Throws `LMKIT_BAD_POSITION` unless `start` is a non-negative integer (the core's check). */
export { checkPositionStart as checkStart } from '@lmkit/tensor';

/** Throws `LMKIT_BAD_ARGUMENT` with `message` unless `ok`. */
export function ensure(ok: boolean, message: string): asserts ok {
  if (!ok) throw new LmkitError(XPOS_ERROR_CODES.badArgument, message);
}

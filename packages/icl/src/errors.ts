import { LmkitError, ShapeError } from '@lmkit/tensor';

/** Stable error codes specific to @lmkit/icl (shape errors use the shared `LMKIT_BAD_SHAPE`). */
export const ICL_ERROR_CODES = {
  /** A computation that needs demonstrations got none. */
  emptyDemos: 'LMKIT_ICL_EMPTY_DEMOS',
  /** A learning rate (or step size) that is not a finite number > 0. */
  badLearningRate: 'LMKIT_ICL_BAD_LEARNING_RATE',
} as const;

/** Throws `LMKIT_ICL_EMPTY_DEMOS` when `count` is 0. */
export function requireDemos(count: number, what = 'demonstrations'): void {
  if (count <= 0) {
    throw new LmkitError(ICL_ERROR_CODES.emptyDemos, `no ${what} given: pass at least one demonstration token/example`);
  }
}

/** Throws `LMKIT_ICL_BAD_LEARNING_RATE` unless `lr` is finite and > 0. */
export function requireLearningRate(lr: number, name = 'learning rate'): void {
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) {
    throw new LmkitError(ICL_ERROR_CODES.badLearningRate, `${name} must be a finite number > 0, got ${String(lr)}`);
  }
}

/** Throws a {@link ShapeError} (`LMKIT_BAD_SHAPE`) unless `ok`. */
export function requireShape(ok: boolean, message: string): asserts ok {
  if (!ok) throw new ShapeError(message);
}

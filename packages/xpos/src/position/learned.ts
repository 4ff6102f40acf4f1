import * as tf from '@tensorflow/tfjs';
import { LmkitError, Rng, type PositionEncoding } from '@lmkit/tensor';
import { XPOS_ERROR_CODES, checkStart, ensure } from '../errors.js';

/** Options of {@link learnedAbsolute}. */
export interface LearnedAbsoluteOptions {
  /** Positions the table covers (0 … maxLength−1). */
  maxLength: number;
  /** Model width (the table is `[maxLength, dModel]`). */
  dModel: number;
  /** Initialisation seed (N(0, 0.02²)). Default 0. */
  seed?: number;
}

/**
 * Learned absolute positions: a trainable `[maxLength, dModel]` table (exposed through
 * `variables()` as `table`) added to token embeddings. Throws `LMKIT_LENGTH_NOT_COVERED` for
 * positions past the table: it cannot extrapolate by construction.
 */
export function learnedAbsolute(options: LearnedAbsoluteOptions): PositionEncoding {
  const { maxLength, dModel } = options;
  ensure(Number.isInteger(maxLength) && maxLength > 0, `learnedAbsolute: maxLength must be a positive integer, got ${maxLength}`);
  ensure(Number.isInteger(dModel) && dModel > 0, `learnedAbsolute: dModel must be a positive integer, got ${dModel}`);
  const rng = new Rng(options.seed ?? 0);
  // No explicit name: tfjs variable names are global, and several tables may coexist.
  // tf.variable copies its initial value: dispose the initial tensor or it leaks.
  const init = tf.tensor2d(rng.normalArray(maxLength * dModel, 0.02), [maxLength, dModel]);
  const table = tf.variable(init, true);
  init.dispose();
  return {
    name: 'learned',
    embedding(start: number, length: number, d: number): tf.Tensor2D {
      checkStart(start, 'learnedAbsolute');
      if (d !== dModel) {
        throw new LmkitError(XPOS_ERROR_CODES.badShape, `learnedAbsolute: table width is ${dModel}, model asked for ${d}`);
      }
      if (start + length > maxLength) {
        throw new LmkitError(
          XPOS_ERROR_CODES.lengthNotCovered,
          `learnedAbsolute: positions ${start}…${start + length - 1} are past the table (${maxLength} positions); use a larger maxLength or a relative encoding`,
        );
      }
      return tf.slice(table, [start, 0], [length, dModel]);
    },
    variables: () => ({ table }),
    describe: () => ({ name: 'learned', maxLength, dModel, seed: options.seed ?? 0 }),
  };
}

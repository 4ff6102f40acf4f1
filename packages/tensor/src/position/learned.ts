import * as tf from '@tensorflow/tfjs';
import { LmkitError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { checkPositionStart, checkPositiveInteger } from './check.js';
import type { PositionEncoding } from './types.js';

/** Options of {@link learnedPositions}. */
export interface LearnedPositionsOptions {
  /** Positions the table covers (0 … maxLength−1). */
  maxLength: number;
  /** Model width: the table is `[maxLength, dModel]`. */
  dModel: number;
  /** Seed of the N(0, 0.02²) initialisation (`new Rng(seed)`). Default 0. */
  seed?: number;
}

/**
 * Learned absolute positions (GPT-2 style): a trainable `[maxLength, dModel]` table, initialised
 * N(0, 0.02²), whose rows are added to the token embeddings. The table is exposed through
 * `variables()` as `table`, so a {@link Transformer} trains, saves and disposes it with its other
 * parameters. Past the table it throws `LMKIT_LENGTH_NOT_COVERED`: it cannot extrapolate by construction.
 */
export function learnedPositions(options: LearnedPositionsOptions): PositionEncoding {
  const { maxLength, dModel } = options;
  const seed = options.seed ?? 0;
  checkPositiveInteger(maxLength, 'learnedPositions: maxLength');
  checkPositiveInteger(dModel, 'learnedPositions: dModel');
  // No explicit variable name: tfjs names are global and several tables may coexist.
  // tf.variable copies its initial value, so the initial tensor is disposed here.
  const init = tf.tensor2d(new Rng(seed).normalArray(maxLength * dModel, 0.02), [maxLength, dModel]);
  const table = tf.variable(init, true);
  init.dispose();
  return {
    name: 'learned',
    embedding(start: number, length: number, d: number): tf.Tensor2D {
      checkPositionStart(start, 'learnedPositions');
      if (d !== dModel) throw new LmkitError('LMKIT_BAD_SHAPE', `learnedPositions: the table has width ${dModel}, the model asked for ${d}`);
      if (start + length > maxLength) {
        throw new LmkitError(
          'LMKIT_LENGTH_NOT_COVERED',
          `learnedPositions: positions ${start}…${start + length - 1} are past the table (${maxLength} positions); use a larger maxLength or a relative encoding`,
        );
      }
      return tf.slice(table, [start, 0], [length, dModel]);
    },
    variables: () => ({ table }),
    describe: () => ({ name: 'learned', maxLength, dModel, seed }),
  };
}

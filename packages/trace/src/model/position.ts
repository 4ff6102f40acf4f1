/**
 * A learned absolute position table (GPT-2 style) as a @lmkit/tensor position plug-in: the trace
 * model needs positions, and paper packages do not import each other's encodings.
 */
import * as tf from '@tensorflow/tfjs';
import { LmkitError, Rng, type PositionEncoding } from '@lmkit/tensor';

let created = 0;

/** The `embedding` of a position plug-in backed by a `maxLen × dModel` table: rows `start … start+length-1`. */
function tableRows(table: tf.Tensor2D, maxLen: number, dModel: number): NonNullable<PositionEncoding['embedding']> {
  return (start, length, d) => {
    if (d !== dModel) throw new LmkitError('LMKIT_BAD_CONFIG', `position table has width ${dModel}, model has ${d}`);
    if (start + length > maxLen) {
      throw new LmkitError('LMKIT_SEQUENCE_TOO_LONG', `positions up to ${start + length} requested, the model knows ${maxLen}; use shorter programs or a larger --max-len`);
    }
    return tf.slice(table, [start, 0], [length, dModel]);
  };
}

/** Creates a learned table of `maxLen` positions × `dModel`, initialised N(0, 0.02²) from `seed`. */
export function learnedPositions(maxLen: number, dModel: number, seed = 0): PositionEncoding {
  const table = tf.variable(tf.tensor2d(new Rng(seed ^ 0x5eed).normalArray(maxLen * dModel, 0.02), [maxLen, dModel]), true, `trace.pos.${created++}`);
  return {
    name: 'learned',
    embedding: tableRows(table, maxLen, dModel),
    variables: () => ({ table }),
    describe: () => ({ name: 'learned', maxLen, dModel }),
  };
}

/**
 * Fixed sinusoidal positions (Vaswani et al.), scaled by `amplitude` so they do not drown the small
 * initial token embeddings (std 0.02). Nothing to learn.
 */
export function sinusoidalPositions(maxLen: number, dModel: number, amplitude = 0.1): PositionEncoding {
  const data = new Float32Array(maxLen * dModel);
  for (let p = 0; p < maxLen; p++) {
    for (let i = 0; i < dModel; i += 2) {
      const angle = p / Math.pow(10_000, i / dModel);
      data[p * dModel + i] = amplitude * Math.sin(angle);
      if (i + 1 < dModel) data[p * dModel + i + 1] = amplitude * Math.cos(angle);
    }
  }
  const table = tf.keep(tf.tensor2d(data, [maxLen, dModel]));
  return {
    name: 'sinusoidal',
    embedding: tableRows(table, maxLen, dModel),
    describe: () => ({ name: 'sinusoidal', maxLen, dModel, amplitude }),
  };
}

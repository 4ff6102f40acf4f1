import * as tf from '@tensorflow/tfjs';
import { LmkitError, Rng, type PositionEncoding } from '@lmkit/tensor';

/**
 * A learned absolute position table (GPT-2 style) as a tensor `PositionEncoding` plug-in:
 * rows 0…maxLength−1, N(0, 0.02²) at start, trained with the model.
 */
export function learnedPositions(maxLength: number, dModel: number, seed = 0): PositionEncoding {
  const rng = new Rng(seed ^ 0x9e37);
  const table = tf.variable(tf.tensor2d(rng.normalArray(maxLength * dModel, 0.02), [maxLength, dModel]), true);
  return {
    name: 'learned',
    embedding(start: number, length: number, d: number): tf.Tensor2D {
      if (d !== dModel || start + length > maxLength) {
        throw new LmkitError('LMKIT_BAD_ARGUMENT', `learned positions cover ${maxLength} positions of width ${dModel}; asked for ${start}…${start + length - 1} of width ${d}`);
      }
      return tf.slice(table, [start, 0], [length, dModel]);
    },
    variables: () => ({ table }),
    describe: () => ({ name: 'learned', maxLength, dModel }),
  };
}

/**
 * A fixed recency bias on attention scores, −m_h·(query position − key position), as in ALiBi
 * (Press et al. 2022) but with steeper head slopes m_h = 4^(−h) (1, 1/4, 1/16, …) by default.
 * No parameters; the steep heads make "look at the nearest token of some kind" (e.g. a label
 * attending to its input word) easy for a tiny model to learn.
 */
export function recencyBias(slope: (head: number, numHeads: number) => number = (h) => Math.pow(4, -h)): PositionEncoding {
  return {
    name: 'recency-bias',
    scoreBias(numHeads: number, qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor3D {
      const data = new Float32Array(numHeads * qLength * kLength);
      for (let h = 0; h < numHeads; h++) {
        const m = slope(h, numHeads);
        for (let i = 0; i < qLength; i++) {
          for (let j = 0; j < kLength; j++) {
            const gap = qStart + i - (kStart + j);
            data[(h * qLength + i) * kLength + j] = gap > 0 ? -m * gap : 0;
          }
        }
      }
      return tf.tensor3d(data, [numHeads, qLength, kLength]);
    },
    describe: () => ({ name: 'recency-bias' }),
  };
}

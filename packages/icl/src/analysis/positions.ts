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
 * A fixed recency bias on attention scores, −m_h·(query position − key position), with head
 * slopes m_h = 2^(−8(h+1)/H) (the ALiBi recipe, Press et al. 2022). No parameters; gives every
 * head a built-in preference for nearby tokens, which lets a tiny model learn "look at the
 * previous token" quickly.
 */
export function recencyBias(): PositionEncoding {
  return {
    name: 'recency-bias',
    scoreBias(numHeads: number, qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor3D {
      const data = new Float32Array(numHeads * qLength * kLength);
      for (let h = 0; h < numHeads; h++) {
        const m = Math.pow(2, (-8 * (h + 1)) / numHeads);
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

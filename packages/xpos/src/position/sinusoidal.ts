import * as tf from '@tensorflow/tfjs';
import type { PositionEncoding } from '@lmkit/tensor';
import { checkStart, require_ } from '../errors.js';

/**
 * Sinusoidal absolute positions (Vaswani et al. 2017) as a Float32Array `[length, dModel]`:
 * PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(p / 10000^(2i/D)).
 */
export function sinusoidalTable(start: number, length: number, dModel: number): Float32Array {
  checkStart(start, 'sinusoidal');
  require_(Number.isInteger(dModel) && dModel > 0, `sinusoidal: dModel must be a positive integer, got ${dModel}`);
  const out = new Float32Array(length * dModel);
  for (let t = 0; t < length; t++) {
    const p = start + t;
    for (let j = 0; j < dModel; j++) {
      const i = Math.floor(j / 2);
      const a = p / Math.pow(10000, (2 * i) / dModel);
      out[t * dModel + j] = j % 2 === 0 ? Math.sin(a) : Math.cos(a);
    }
  }
  return out;
}

/** Fixed sinusoidal absolute encoding, added to token embeddings; defined at every position. */
export function sinusoidal(): PositionEncoding {
  return {
    name: 'sinusoidal',
    embedding(start: number, length: number, dModel: number): tf.Tensor2D {
      return tf.tensor2d(sinusoidalTable(start, length, dModel), [length, dModel]);
    },
    describe: () => ({ name: 'sinusoidal' }),
  };
}

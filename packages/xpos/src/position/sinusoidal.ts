import * as tf from '@tensorflow/tfjs';
import type { PositionEncoding } from '@lmkit/tensor';
import { checkStart, ensure } from '../errors.js';

/**
 * Sinusoidal absolute positions (Vaswani et al. 2017) as a Float32Array `[length, dModel]`:
 * PE[p, 2i] = sin(p / 10000^(2i/D)), PE[p, 2i+1] = cos(p / 10000^(2i/D)), times `scale`.
 */
export function sinusoidalTable(start: number, length: number, dModel: number, scale = 1): Float32Array {
  checkStart(start, 'sinusoidal');
  ensure(Number.isInteger(dModel) && dModel > 0, `sinusoidal: dModel must be a positive integer, got ${dModel}`);
  const out = new Float32Array(length * dModel);
  for (let t = 0; t < length; t++) {
    const p = start + t;
    for (let j = 0; j < dModel; j++) {
      const i = Math.floor(j / 2);
      const a = p / Math.pow(10000, (2 * i) / dModel);
      out[t * dModel + j] = scale * (j % 2 === 0 ? Math.sin(a) : Math.cos(a));
    }
  }
  return out;
}

/** Options of {@link sinusoidal}. */
export interface SinusoidalOptions {
  /**
   * Amplitude of the table. Default 1 (Vaswani et al., who also multiply token embeddings by √D).
   * lmkit's Transformer initialises token embeddings with std 0.02 and does not rescale them, so a
   * smaller amplitude keeps the token signal from being drowned at the start of training.
   */
  scale?: number;
}

/** Fixed sinusoidal absolute encoding, added to token embeddings; defined at every position. */
export function sinusoidal(options: SinusoidalOptions = {}): PositionEncoding {
  const scale = options.scale ?? 1;
  ensure(Number.isFinite(scale) && scale > 0, `sinusoidal: scale must be a positive number, got ${scale}`);
  return {
    name: 'sinusoidal',
    embedding(start: number, length: number, dModel: number): tf.Tensor2D {
      return tf.tensor2d(sinusoidalTable(start, length, dModel, scale), [length, dModel]);
    },
    describe: () => ({ name: 'sinusoidal', scale }),
  };
}

import * as tf from '@tensorflow/tfjs';
import { LmkitError } from '../errors.js';
import { checkPositionStart, checkPositiveInteger } from './check.js';
import type { PositionEncoding } from './types.js';

/** Base of the sinusoid wavelengths (Vaswani et al. 2017, §3.5). */
export const SINUSOIDAL_BASE = 10000;

/**
 * Sinusoidal absolute positions (Vaswani et al. 2017) for `start … start+length−1` as a
 * Float32Array `[length, dModel]` (computed in float64): PE[p, 2i] = scale·sin(p / 10000^(2i/D)),
 * PE[p, 2i+1] = scale·cos(p / 10000^(2i/D)).
 */
export function sinusoidalTable(start: number, length: number, dModel: number, scale = 1): Float32Array {
  checkPositionStart(start, 'sinusoidalTable');
  checkPositiveInteger(dModel, 'sinusoidalTable: dModel');
  const out = new Float32Array(length * dModel);
  for (let t = 0; t < length; t++) {
    const p = start + t;
    for (let j = 0; j < dModel; j++) {
      const i = Math.floor(j / 2);
      const angle = p / Math.pow(SINUSOIDAL_BASE, (2 * i) / dModel);
      out[t * dModel + j] = scale * (j % 2 === 0 ? Math.sin(angle) : Math.cos(angle));
    }
  }
  return out;
}

/** Options of {@link sinusoidalPositions}. */
export interface SinusoidalPositionsOptions {
  /**
   * Amplitude of the table. Default 1 (Vaswani et al., who also multiply token embeddings by √D).
   * lmkit's Transformer initialises token embeddings with std 0.02 and does not rescale them, so a
   * smaller amplitude keeps the token signal from being drowned at the start of training.
   */
  scale?: number;
}

/**
 * Fixed sinusoidal absolute positions added to the token embeddings; defined at every position,
 * nothing to learn, no tensors held (each call returns a fresh `[length, dModel]` tensor).
 */
export function sinusoidalPositions(options: SinusoidalPositionsOptions = {}): PositionEncoding {
  const scale = options.scale ?? 1;
  if (!(Number.isFinite(scale) && scale > 0)) {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `sinusoidalPositions: scale must be a positive number, got ${scale}`);
  }
  return {
    name: 'sinusoidal',
    embedding(start: number, length: number, dModel: number): tf.Tensor2D {
      return tf.tensor2d(sinusoidalTable(start, length, dModel, scale), [length, dModel]);
    },
    describe: () => ({ name: 'sinusoidal', scale }),
  };
}

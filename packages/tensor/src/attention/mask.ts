import * as tf from '@tensorflow/tfjs';
import { MASKED_SCORE } from './types.js';

/**
 * Additive causal mask `[Tq, Tk]`: 0 where key position ≤ query position, {@link MASKED_SCORE}
 * elsewhere. Query i sits at absolute position `qStart + i`, key j at `kStart + j`.
 */
export function causalMask(qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor2D {
  const data = new Float32Array(qLength * kLength);
  for (let i = 0; i < qLength; i++) {
    const qp = qStart + i;
    for (let j = 0; j < kLength; j++) {
      if (kStart + j > qp) data[i * kLength + j] = MASKED_SCORE;
    }
  }
  return tf.tensor2d(data, [qLength, kLength]);
}

/**
 * Additive mask `[Tq, Tk]` from a predicate: 0 where `allowed(queryPos, keyPos)`, masked elsewhere.
 * Useful for tests that compare a fast pattern against its dense equivalent.
 */
export function maskFromPredicate(
  qStart: number,
  qLength: number,
  kStart: number,
  kLength: number,
  allowed: (queryPos: number, keyPos: number) => boolean,
): tf.Tensor2D {
  const data = new Float32Array(qLength * kLength);
  for (let i = 0; i < qLength; i++) {
    for (let j = 0; j < kLength; j++) {
      if (!allowed(qStart + i, kStart + j)) data[i * kLength + j] = MASKED_SCORE;
    }
  }
  return tf.tensor2d(data, [qLength, kLength]);
}

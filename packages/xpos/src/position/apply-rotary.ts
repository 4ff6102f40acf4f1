import * as tf from '@tensorflow/tfjs';
import { LmkitError } from '@lmkit/tensor';
import { XPOS_ERROR_CODES, checkHeadDim, checkStart } from '../errors.js';

/**
 * `[d, d]` matrix R with (x·R) = (−x1, x0, −x3, x2, …): the "rotate every two" step of rotary
 * encodings as a matMul with a constant, so its gradient works on every backend.
 */
export function pairSwapMatrix(d: number): tf.Tensor2D {
  checkHeadDim(d, 'pairSwapMatrix');
  const m = new Float32Array(d * d);
  for (let i = 0; i < d / 2; i++) {
    m[(2 * i + 1) * d + 2 * i] = -1; // out[2i] = −x[2i+1]
    m[2 * i * d + 2 * i + 1] = 1; // out[2i+1] = x[2i]
  }
  return tf.tensor2d(m, [d, d]);
}

/**
 * Applies x·cos + (x·R)·sin for `x [B, H, T, d]` and tables `[T, d]` (see `rotaryTables`).
 * Uses reshape, matMul, mul and add only.
 */
export function applyRotary(x: tf.Tensor4D, cos: Float32Array, sin: Float32Array): tf.Tensor4D {
  const [b, h, t, d] = x.shape;
  checkHeadDim(d, 'applyRotary');
  if (cos.length !== t * d || sin.length !== t * d) {
    throw new LmkitError(XPOS_ERROR_CODES.badShape, `applyRotary: tables hold ${cos.length / d} positions, tensor has ${t}`);
  }
  return tf.tidy(() => {
    const c = tf.tensor2d(cos, [t, d]);
    const s = tf.tensor2d(sin, [t, d]);
    const swapped = tf.matMul(x.reshape([b * h * t, d]) as tf.Tensor2D, pairSwapMatrix(d)).reshape([b, h, t, d]);
    return x.mul(c).add(swapped.mul(s)) as tf.Tensor4D;
  });
}

/** Checks that q and k are `[B, H, T, d]` with equal B, H, d; returns d. */
export function checkQk(q: tf.Tensor4D, k: tf.Tensor4D, who: string): number {
  if (q.rank !== 4 || k.rank !== 4) {
    throw new LmkitError(XPOS_ERROR_CODES.badShape, `${who}: q and k must be rank-4 [B, H, T, d], got ranks ${q.rank} and ${k.rank}`);
  }
  if (q.shape[0] !== k.shape[0] || q.shape[1] !== k.shape[1] || q.shape[3] !== k.shape[3]) {
    throw new LmkitError(XPOS_ERROR_CODES.badShape, `${who}: q [${q.shape.join(', ')}] and k [${k.shape.join(', ')}] differ in batch, heads or head dim`);
  }
  checkHeadDim(q.shape[3], who);
  return q.shape[3];
}

/**
 * Validates the arguments of a rotary `rotate(q, k, qStart, kStart)` call (shapes as in
 * {@link checkQk}, starts non-negative integers); returns the head dimension d.
 */
export function checkRotateArgs(q: tf.Tensor4D, k: tf.Tensor4D, qStart: number, kStart: number, who: string): number {
  const d = checkQk(q, k, who);
  checkStart(qStart, who);
  checkStart(kStart, who);
  return d;
}

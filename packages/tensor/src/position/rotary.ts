import * as tf from '@tensorflow/tfjs';
import { LmkitError } from '../errors.js';
import { checkHeadDim, checkPositionStart } from './check.js';

/** Base of the rotary frequencies: θ_i = ROPE_BASE^(−2i/d) (RoFormer). */
export const ROPE_BASE = 10000;

/** Options shared by the rotary encodings. */
export interface RotaryOptions {
  /** Frequency base. Default 10000. */
  base?: number;
}

/** Rotary frequencies θ_i = base^(−2i/d), i = 0 … d/2−1 (float64). */
export function rotaryFrequencies(headDim: number, base = ROPE_BASE): Float64Array {
  checkHeadDim(headDim, 'rotaryFrequencies');
  const half = headDim / 2;
  const out = new Float64Array(half);
  for (let i = 0; i < half; i++) out[i] = Math.pow(base, (-2 * i) / headDim);
  return out;
}

/**
 * Per-position rotation tables `[length, d]` (float32, built in float64): entries 2i and 2i+1 of
 * row t hold cos/sin of (start+t)·θ_i, each multiplied by `scale(t, i)` when given. Pairs are
 * interleaved: (x0,x1), (x2,x3), …
 */
export function rotaryTables(
  start: number,
  length: number,
  freqs: Float64Array,
  scale?: (position: number, pair: number) => number,
): { cos: Float32Array; sin: Float32Array } {
  checkPositionStart(start, 'rotaryTables');
  const half = freqs.length;
  checkHeadDim(half * 2, 'rotaryTables');
  const d = half * 2;
  const cos = new Float32Array(length * d);
  const sin = new Float32Array(length * d);
  for (let t = 0; t < length; t++) {
    const p = start + t;
    for (let i = 0; i < half; i++) {
      const angle = p * (freqs[i] as number);
      const s = scale ? scale(p, i) : 1;
      const c = Math.cos(angle) * s;
      const n = Math.sin(angle) * s;
      cos[t * d + 2 * i] = c;
      cos[t * d + 2 * i + 1] = c;
      sin[t * d + 2 * i] = n;
      sin[t * d + 2 * i + 1] = n;
    }
  }
  return { cos, sin };
}

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
    throw new LmkitError('LMKIT_BAD_SHAPE', `applyRotary: tables hold ${cos.length / d} positions, tensor has ${t}`);
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
    throw new LmkitError('LMKIT_BAD_SHAPE', `${who}: q and k must be rank-4 [B, H, T, d], got ranks ${q.rank} and ${k.rank}`);
  }
  if (q.shape[0] !== k.shape[0] || q.shape[1] !== k.shape[1] || q.shape[3] !== k.shape[3]) {
    throw new LmkitError('LMKIT_BAD_SHAPE', `${who}: q [${q.shape.join(', ')}] and k [${k.shape.join(', ')}] differ in batch, heads or head dim`);
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
  checkPositionStart(qStart, who);
  checkPositionStart(kStart, who);
  return d;
}

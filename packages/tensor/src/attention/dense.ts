import * as tf from '@tensorflow/tfjs';
import { matMul } from '../ops/matmul.js';
import type { AttentionResult } from './types.js';

/**
 * Dense scaled dot-product attention with an additive mask/bias, written with matMul, add and
 * softmax only so its gradient works on every backend (wasm included).
 * @param q `[B, H, Tq, dh]`
 * @param k `[B, H, Tk, dh]`
 * @param v `[B, H, Tk, dh]`
 * @param additive optional `[Tq, Tk]` or `[H, Tq, Tk]` added to q·k/√dh (mask and/or bias)
 */
export function denseAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  additive?: tf.Tensor,
  wantScores = false,
): AttentionResult {
  return tf.tidy(() => {
    const dh = q.shape[3];
    let scores = matMul(q, k, false, true).mul(1 / Math.sqrt(dh)) as tf.Tensor4D;
    if (additive) scores = scores.add(additive) as tf.Tensor4D;
    const probs = tf.softmax(scores, -1);
    const out = matMul(probs, v) as tf.Tensor4D;
    return wantScores ? { out, scores } : { out };
  });
}

import * as tf from '@tensorflow/tfjs';
import { MASKED_SCORE, matMul } from '@lmkit/tensor';

type Bias = (qStart: number, qLength: number, kStart: number, kLength: number) => tf.Tensor3D;

/** `[b, 2b]`: query i of a block sees key t of (previous block ‖ own block) iff t ≤ i + b. */
function windowMask(b: number): tf.Tensor2D {
  const m = new Float32Array(b * 2 * b);
  for (let i = 0; i < b; i++) for (let t = i + b + 1; t < 2 * b; t++) m[i * 2 * b + t] = MASKED_SCORE;
  return tf.tensor2d(m, [b, 2 * b]);
}

/** `[nb, 1, 2b]`: masks key slots that are padding (before `start`, at or after `end`). */
function validKeyMask(nb: number, b: number, base: number, start: number, end: number): tf.Tensor3D {
  const m = new Float32Array(nb * 2 * b);
  for (let j = 0; j < nb; j++) {
    for (let t = 0; t < 2 * b; t++) {
      const pos = base + (j - 1) * b + t;
      if (pos < start || pos >= end) m[j * 2 * b + t] = MASKED_SCORE;
    }
  }
  return tf.tensor3d(m, [nb, 1, 2 * b]);
}

/** `[H, nb, b, 2b]` bias of every block from the callback (slots before position 0 get 0; they are masked). */
function blockBias(bias: Bias, nb: number, b: number, base: number): tf.Tensor {
  const blocks: tf.Tensor[] = [];
  for (let j = 0; j < nb; j++) {
    const q0 = base + j * b;
    const k0 = q0 - b;
    if (k0 >= 0) blocks.push(bias(q0, b, k0, 2 * b));
    else blocks.push(bias(q0, b, 0, 2 * b + k0).pad([[0, 0], [0, 0], [-k0, 0]]));
  }
  return tf.stack(blocks, 1);
}

/**
 * BCA for queries and keys over the same positions `start … start+T−1`, fully vectorised: the
 * sequence is padded to whole blocks (aligned to absolute multiples of `b`), each block of queries
 * is matched in one batched matMul against (previous block ‖ own block) of keys. O(N·b·d) time and
 * memory, a constant number of kernel calls (no per-block slicing, which tfjs-wasm implements by
 * copying the whole input).
 */
export function bcaBlocked(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, start: number, b: number, bias?: Bias): tf.Tensor4D {
  return tf.tidy(() => {
    const [B, H, T, d] = q.shape;
    const r = start % b;
    const nb = Math.ceil((r + T) / b);
    const back = nb * b - r - T;
    const base = start - r;
    const blocks = (x: tf.Tensor4D): tf.Tensor4D => x.pad([[0, 0], [0, 0], [r, back], [0, 0]]).reshape([B * H, nb, b, d]);
    const withPrevious = (x: tf.Tensor4D): tf.Tensor => {
      const zeros = tf.zeros([B * H, 1, b, d]);
      const prev = nb === 1 ? zeros : tf.concat([zeros, x.slice([0, 0, 0, 0], [-1, nb - 1, -1, -1])], 1);
      return tf.concat([prev, x], 2).reshape([B * H * nb, 2 * b, d]);
    };
    const qb = blocks(q).reshape([B * H * nb, b, d]);
    const kb = withPrevious(blocks(k));
    const vb = withPrevious(blocks(v));
    // lmkit's matMul: explicit transposes and XNNPACK for batched products (fast on tfjs-wasm).
    let scores: tf.Tensor = matMul(qb as tf.Tensor3D, kb as tf.Tensor3D, false, true)
      .mul(1 / Math.sqrt(d))
      .reshape([B, H, nb, b, 2 * b]);
    scores = scores.add(windowMask(b)).add(validKeyMask(nb, b, base, start, start + T));
    if (bias) scores = scores.add(blockBias(bias, nb, b, base));
    const probs = tf.softmax(scores, -1).reshape([B * H * nb, b, 2 * b]);
    const out = matMul(probs as tf.Tensor3D, vb as tf.Tensor3D).reshape([B, H, nb * b, d]);
    return out.slice([0, 0, r, 0], [-1, -1, T, -1]) as tf.Tensor4D;
  });
}

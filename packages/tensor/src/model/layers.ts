import * as tf from '@tensorflow/tfjs';
import { embeddingLookup } from '../ops/embedding.js';
import { fusedGelu, fusedLayerNorm } from '../ops/fused-layers.js';
import { matMul } from '../ops/matmul.js';

/**
 * Layer normalisation over the last axis: one fused wasm kernel per direction where it can run
 * ({@link fusedLayerNorm}), else written with moments so it differentiates everywhere.
 */
export function layerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, eps = 1e-5): tf.Tensor {
  return tf.tidy(() => {
    const fused = fusedLayerNorm(x, gain, bias, eps);
    if (fused) return fused;
    const { mean, variance } = tf.moments(x, -1, true);
    return x.sub(mean).div(variance.add(eps).sqrt()).mul(gain).add(bias);
  });
}

/**
 * GELU, tanh approximation (GPT-2's): 0.5·x·(1 + tanh(u)), u = √(2/π)(x + 0.044715x³), computed
 * as the identical x·sigmoid(2u) with x³ = x·x·x, because tfjs-wasm's `tanh` and `pow` kernels
 * are ~10× slower than `sigmoid` and `mul`. One fused wasm kernel per direction where it can run.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const fused = fusedGelu(x);
    if (fused) return fused;
    const c = 2 * Math.sqrt(2 / Math.PI);
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(c);
    return x.mul(tf.sigmoid(inner));
  });
}

/** `x [..., in] · w [in, out] + b` for a tensor of any rank ≥ 2. */
export function linear(x: tf.Tensor, w: tf.Tensor, b?: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const shape = x.shape;
    const inDim = shape[shape.length - 1] as number;
    const flat = x.reshape([-1, inDim]);
    let y = matMul(flat, w as tf.Tensor2D);
    if (b) y = y.add(b);
    return y.reshape([...shape.slice(0, -1), w.shape[1] as number]);
  });
}

/**
 * Embedding lookup with a gradient for the table on every backend (see {@link embeddingLookup}).
 * @param ids `[B, T]` int32
 */
export function embed(ids: tf.Tensor2D, table: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [b, t] = ids.shape;
    const d = table.shape[1];
    return embeddingLookup(ids.reshape([-1]) as tf.Tensor1D, table).reshape([b, t, d]) as tf.Tensor3D;
  });
}

import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** Batched products at least this large (bs·m·k·n) go through the depthwise-convolution path on wasm. */
const DEPTHWISE_MIN_WORK = 1 << 16;

/**
 * `A [bs, m, k] · B [bs, k, n]` as one depthwise convolution: channel c of the input holds A[c]
 * laid out as an m×k image, the filter for channel c is B[c] (1×k, channel multiplier n), and a
 * 'valid' convolution over the width gives out[i, c·n + j] = Σ_k A[c,i,k]·B[c,k,j]. tfjs-wasm runs
 * this on XNNPACK (SIMD), while its batched BatchMatMul uses a scalar loop: measured 3–12× faster
 * for attention-sized products, transposes included.
 */
function depthwiseBatchMatMul(a: tf.Tensor3D, b: tf.Tensor3D): tf.Tensor3D {
  const [bs, m, k] = a.shape;
  const n = b.shape[2];
  const x = a.transpose([1, 2, 0]).reshape([1, m, k, bs]) as tf.Tensor4D;
  const f = b.transpose([1, 0, 2]).reshape([1, k, bs, n]) as tf.Tensor4D;
  const y = tf.depthwiseConv2d(x, f, 1, 'valid');
  return y.reshape([m, bs, n]).transpose([1, 0, 2]) as tf.Tensor3D;
}

/** `A · B` without transpose flags, for equal batch dimensions, on the fastest wasm kernel. */
function plainMatMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 2) return tf.matMul(a, b);
  const batch = a.shape.slice(0, -2);
  const bs = batch.reduce((x, y) => x * y, 1);
  const [m, k] = a.shape.slice(-2) as [number, number];
  const n = b.shape[b.rank - 1] as number;
  if (bs === 1 || bs * m * k * n < DEPTHWISE_MIN_WORK || tf.getBackend() !== 'wasm') return tf.matMul(a, b);
  return tf.tidy(() => depthwiseBatchMatMul(a.reshape([bs, m, k]), b.reshape([bs, k, n])).reshape([...batch, m, n]));
}

/**
 * `matMul` for the wasm backend's fast path. tfjs-wasm 4.22 multiplies ~8–30× slower when
 * `transposeA`/`transposeB` is set (measured: [1024,64]·[64,64]ᵀ 1.1 vs 7.5 GFLOP/s), and
 * tf.matMul's own gradient uses exactly those flags. This version transposes explicitly
 * (a cheap copy) and has a gradient that does the same, so training runs on the fast kernel.
 * Batched products (attention heads) run as one depthwise convolution on wasm, which XNNPACK
 * vectorises, instead of tfjs-wasm's scalar batched kernel.
 * Same semantics as `tf.matMul(a, b, transposeA, transposeB)` for operands of equal rank and
 * equal batch dimensions (other shapes fall back to tf.matMul).
 */
export function matMul<T extends tf.Tensor>(a: T, b: tf.Tensor, transposeA = false, transposeB = false): T {
  const sameBatch = a.rank === b.rank && a.rank >= 2 && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]);
  if (!sameBatch) return tf.matMul(a, b, transposeA, transposeB) as unknown as T;
  const f = tf.customGrad(((x: tf.Tensor, y: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x, y]);
    const A = transposeA ? swapLast(x) : x;
    const B = transposeB ? swapLast(y) : y;
    return {
      value: plainMatMul(A, B),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [x0, y0] = saved as [tf.Tensor, tf.Tensor];
        const At = transposeA ? x0 : swapLast(x0); // op(a)ᵀ
        const Bt = transposeB ? y0 : swapLast(y0); // op(b)ᵀ
        const dA = plainMatMul(dy, Bt); // ∂/∂op(a)
        const dB = plainMatMul(At, dy); // ∂/∂op(b)
        return [transposeA ? swapLast(dA) : dA, transposeB ? swapLast(dB) : dB];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(a, b) as T;
}

import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
function swapLast(x: tf.Tensor): tf.Tensor {
  const perm = x.shape.map((_, i) => i);
  const r = x.rank;
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/**
 * `matMul` for the wasm backend's fast path. tfjs-wasm 4.22 multiplies ~8–30× slower when
 * `transposeA`/`transposeB` is set (measured: [1024,64]·[64,64]ᵀ 1.1 vs 7.5 GFLOP/s), and
 * tf.matMul's own gradient uses exactly those flags. This version transposes explicitly
 * (a cheap copy) and has a gradient that does the same, so training runs on the fast kernel.
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
      value: tf.matMul(A, B),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [x0, y0] = saved as [tf.Tensor, tf.Tensor];
        const At = transposeA ? x0 : swapLast(x0); // op(a)ᵀ
        const Bt = transposeB ? y0 : swapLast(y0); // op(b)ᵀ
        const dA = tf.matMul(dy, Bt); // ∂/∂op(a)
        const dB = tf.matMul(At, dy); // ∂/∂op(b)
        return [transposeA ? swapLast(dA) : dA, transposeB ? swapLast(dB) : dB];
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(a, b) as T;
}

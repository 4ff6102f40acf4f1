import * as tf from '@tensorflow/tfjs';

/**
 * Scales gradients so their global L2 norm is at most `maxNorm`. Returns the new gradients
 * (the inputs are disposed) and the norm before clipping.
 */
export function clipByGlobalNorm(grads: Record<string, tf.Tensor>, maxNorm: number): { grads: Record<string, tf.Tensor>; norm: number } {
  const norm = tf.tidy(() => {
    const sq = Object.values(grads).map((g) => g.square().sum());
    return tf.addN(sq).sqrt();
  });
  const n = norm.dataSync()[0] as number;
  norm.dispose();
  if (!(n > maxNorm)) return { grads, norm: n };
  const scale = maxNorm / (n + 1e-6);
  const out: Record<string, tf.Tensor> = {};
  for (const [k, g] of Object.entries(grads)) {
    out[k] = g.mul(scale);
    g.dispose();
  }
  return { grads: out, norm: n };
}

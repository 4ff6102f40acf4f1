import * as tf from '@tensorflow/tfjs';
import { FUSED_ATTENTION, FUSED_ATTENTION_GRAD } from '../ops/wasm/attention-kernels.js';
import { wasmKernelReady } from '../ops/wasm/register.js';

/**
 * Causal scaled dot-product attention in one wasm kernel per direction (lmkit's SIMD kernels):
 * masked scores are never computed, probabilities are recomputed in the backward from the saved
 * log-sum-exp, and no [B, H, Tq, Tk] tensor is materialised. Same function as
 * `denseAttention(q, k, v, causalMask + bias)` up to float rounding.
 * Returns null when it cannot run (another backend, no SIMD, dh not a multiple of 4, keys starting
 * after the queries, a bias that is not [Tq, Tk] or [H, Tq, Tk]): callers then use the dense path.
 * @param q `[B, H, Tq, dh]` @param k `[B, H, Tk, dh]` @param v `[B, H, Tk, dh]`
 * @param bias optional additive `[H, Tq, Tk]` or `[Tq, Tk]` on the scaled scores (gets a gradient)
 */
export function fusedCausalAttention(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  qStart: number,
  kStart: number,
  bias?: tf.Tensor,
): tf.Tensor4D | null {
  if (!wasmKernelReady(FUSED_ATTENTION)) return null;
  const [B, H, Tq, dh] = q.shape;
  const Tk = k.shape[2];
  if (dh % 4 !== 0 || qStart < kStart || Tq === 0 || Tk === 0) return null;
  if (k.shape[0] !== B || k.shape[1] !== H || k.shape[3] !== dh || v.shape.some((s, i) => s !== k.shape[i])) return null;
  if ([q, k, v, ...(bias ? [bias] : [])].some((t) => t.dtype !== 'float32')) return null;
  if (bias && !((bias.rank === 2 && bias.shape[0] === Tq && bias.shape[1] === Tk) || (bias.rank === 3 && bias.shape[0] === H && bias.shape[1] === Tq && bias.shape[2] === Tk))) {
    return null;
  }
  const attrs = { offset: qStart - kStart, scale: 1 / Math.sqrt(dh) };
  const engine = tf.engine();
  const run = (inputs: Record<string, tf.Tensor>, save: tf.GradSaveFunc) => {
    const [out, lse] = engine.runKernel(FUSED_ATTENTION, inputs as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    save([...Object.values(inputs), out!, lse!]);
    return {
      value: out as tf.Tensor4D,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const n = saved.length;
        const named: Record<string, tf.Tensor> = { q: saved[0]!, k: saved[1]!, v: saved[2]!, out: saved[n - 2]!, lse: saved[n - 1]!, dout: dy };
        if (n === 6) named.bias = saved[3]!;
        return engine.runKernel(FUSED_ATTENTION_GRAD, named as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
      },
    };
  };
  const f = bias
    ? tf.customGrad(((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d: tf.Tensor, save: tf.GradSaveFunc) => run({ q: a, k: b, v: c, bias: d }, save)) as unknown as Parameters<typeof tf.customGrad>[0])
    : tf.customGrad(((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, save: tf.GradSaveFunc) => run({ q: a, k: b, v: c }, save)) as unknown as Parameters<typeof tf.customGrad>[0]);
  return (bias ? f(q, k, v, bias) : f(q, k, v)) as tf.Tensor4D;
}

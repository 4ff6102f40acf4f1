import * as tf from '@tensorflow/tfjs';
import { GELU, GELU_GRAD, LAYER_NORM, LAYER_NORM_GRAD } from './wasm/layer-kernels.js';
import { wasmKernelReady } from './wasm/register.js';

type CustomGradFn = Parameters<typeof tf.customGrad>[0];

/** GPT-2's tanh GELU in one wasm kernel per direction; null when the kernel cannot run here. */
export function fusedGelu(x: tf.Tensor): tf.Tensor | null {
  if (!wasmKernelReady(GELU) || x.dtype !== 'float32') return null;
  const engine = tf.engine();
  const f = tf.customGrad(((a: tf.Tensor, save: tf.GradSaveFunc) => {
    save([a]);
    return {
      value: engine.runKernel(GELU, { x: a } as unknown as tf.NamedTensorMap) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => engine.runKernel(GELU_GRAD, { x: saved[0]!, dy } as unknown as tf.NamedTensorMap) as tf.Tensor,
    };
  }) as unknown as CustomGradFn);
  return f(x);
}

/**
 * Layer norm over the last axis, `(x − μ)/√(σ² + eps)·gain + bias`, in one wasm kernel per
 * direction (μ and 1/√(σ² + eps) saved for the backward); null when it cannot run here
 * (another backend, a last axis not a multiple of 4, gain/bias not `[D]`).
 */
export function fusedLayerNorm(x: tf.Tensor, gain: tf.Tensor, bias: tf.Tensor, eps: number): tf.Tensor | null {
  const D = x.shape[x.rank - 1]!;
  if (!wasmKernelReady(LAYER_NORM) || x.rank < 1 || D % 4 !== 0 || gain.rank !== 1 || bias.rank !== 1 || gain.size !== D || bias.size !== D) return null;
  if ([x, gain, bias].some((t) => t.dtype !== 'float32')) return null;
  const engine = tf.engine();
  const f = tf.customGrad(((a: tf.Tensor, g: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
    const [y, mean, rstd] = engine.runKernel(LAYER_NORM, { x: a, g, b } as unknown as tf.NamedTensorMap, { eps } as unknown as tf.NamedAttrMap) as tf.Tensor[];
    save([a, g, mean!, rstd!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, s: tf.Tensor[]) =>
        engine.runKernel(LAYER_NORM_GRAD, { x: s[0]!, g: s[1]!, mean: s[2]!, rstd: s[3]!, dy } as unknown as tf.NamedTensorMap) as tf.Tensor[],
    };
  }) as unknown as CustomGradFn);
  return f(x, gain, bias);
}

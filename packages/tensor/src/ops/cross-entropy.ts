import * as tf from '@tensorflow/tfjs';
import { XENT, XENT_GRAD } from './wasm/loss-kernels.js';
import { wasmKernelReady } from './wasm/register.js';

/**
 * Per-row negative log-likelihood −log softmax(logits)[target], `[n]`, for logits `[n, V]` and
 * int32 targets `[n]`. On wasm one kernel per direction (log-sum-exp saved for the backward,
 * dlogits = softmax − onehot); elsewhere `logSoftmax` · `oneHot`.
 */
export function softmaxNll(logits: tf.Tensor2D, targets: tf.Tensor1D): tf.Tensor1D {
  if (!wasmKernelReady(XENT) || logits.dtype !== 'float32') {
    return tf.tidy(() => tf.logSoftmax(logits).mul(tf.oneHot(targets, logits.shape[1]).toFloat()).sum(-1).neg() as tf.Tensor1D);
  }
  const engine = tf.engine();
  const f = tf.customGrad(((x: tf.Tensor, t: tf.Tensor, save: tf.GradSaveFunc) => {
    const [nll, lse] = engine.runKernel(XENT, { logits: x, targets: t } as unknown as tf.NamedTensorMap) as tf.Tensor[];
    save([x, t, lse!]);
    return {
      value: nll!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        engine.runKernel(XENT_GRAD, { logits: saved[0]!, targets: saved[1]!, lse: saved[2]!, dnll: dy } as unknown as tf.NamedTensorMap) as tf.Tensor,
        tf.zerosLike(saved[1]!),
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(logits, targets) as tf.Tensor1D;
}

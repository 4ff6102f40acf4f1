import * as tf from '@tensorflow/tfjs';
import { matMul } from './matmul.js';
import { SCATTER_ADD_ROWS } from './wasm/loss-kernels.js';
import { wasmKernelReady } from './wasm/register.js';

/**
 * Rows `table[ids]` (`[n, d]` for int32 ids `[n]`) with a gradient for the table: on wasm a
 * gather forward and one scatter-add kernel backward (tfjs-wasm has no unsortedSegmentSum, so
 * `tf.gather` has no gradient there); elsewhere `oneHot(ids) · table`. Both give exactly the
 * table's rows; the gradients add the same terms.
 */
export function embeddingLookup(ids: tf.Tensor1D, table: tf.Tensor2D): tf.Tensor2D {
  const [V] = table.shape;
  if (!wasmKernelReady(SCATTER_ADD_ROWS)) {
    return tf.tidy(() => matMul(tf.oneHot(ids, V).toFloat(), table) as tf.Tensor2D);
  }
  const f = tf.customGrad(((idx: tf.Tensor, t: tf.Tensor, save: tf.GradSaveFunc) => {
    save([idx]);
    return {
      value: tf.gather(t, idx),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.zerosLike(saved[0]!),
        tf.engine().runKernel(SCATTER_ADD_ROWS, { ids: saved[0]!, dy } as unknown as tf.NamedTensorMap, { V } as unknown as tf.NamedAttrMap) as tf.Tensor,
      ],
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return f(ids, table) as tf.Tensor2D;
}

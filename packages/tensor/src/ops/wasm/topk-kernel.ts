import * as tf from '@tensorflow/tfjs';
import { kernelsFor, offsetOf, type WasmBackendLike } from './module.js';

/** Above this k the selection's O(k) insertions lose to a sort: tfjs's own kernel runs. */
const MAX_SELECT_K = 256;

/**
 * Replaces tfjs-wasm's float32 `TopK`, which sorts every row in full (O(n log n) per row, and a copy
 * of it), by a one-pass SIMD selection of the best k (kernels/topk.ts). Same values, same indices,
 * same order (best first, ties to the lower index). Other dtypes and large k go to the original.
 */
export function installFastTopK(module: WebAssembly.Module | null): void {
  const original = tf.getKernel('TopK', 'wasm');
  if (!original || (original as { lmkit?: boolean }).lmkit) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmBackendLike;
    const x = args.inputs.x as tf.TensorInfo;
    const { k } = args.attrs as unknown as { k: number };
    const kernels = kernelsFor(backend, module);
    if (!kernels || x.dtype !== 'float32' || k > MAX_SELECT_K || x.shape.length === 0) return original.kernelFunc(args);
    const cols = x.shape[x.shape.length - 1]!;
    const rows = cols === 0 ? 0 : tf.util.sizeFromShape(x.shape) / cols;
    const outShape = [...x.shape.slice(0, -1), k];
    const values = backend.makeOutput(outShape, 'float32');
    const indices = backend.makeOutput(outShape, 'int32');
    if (rows > 0 && k > 0) kernels.topkRows(offsetOf(backend, x), offsetOf(backend, values), offsetOf(backend, indices), rows, cols, k);
    return [values, indices];
  };
  tf.unregisterKernel('TopK', 'wasm');
  tf.registerKernel({ ...original, kernelFunc, lmkit: true } as tf.KernelConfig);
}

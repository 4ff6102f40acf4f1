import * as tf from '@tensorflow/tfjs';
import { kernelsFor, offsetOf, type WasmBackendLike } from './module.js';

/**
 * Replaces tfjs-wasm's float32 `Sum` over leading axes (bias and gain gradients: a sum over every
 * token), which it runs as a slow transpose then row sums, by a streaming column sum that adds in
 * the same order (bit-identical). Other reductions go to the original kernel.
 */
export function installFastSum(module: WebAssembly.Module | null): void {
  const original = tf.getKernel('Sum', 'wasm');
  if (!original || (original as { lmkit?: boolean }).lmkit) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmBackendLike;
    const x = args.inputs.x as tf.TensorInfo;
    const { axis, keepDims } = args.attrs as unknown as { axis: number | number[]; keepDims: boolean };
    const k = kernelsFor(backend, module);
    const rank = x.shape.length;
    const axes = [...new Set((Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + rank : a)))].sort((a, b) => a - b);
    const leading = axes.length > 0 && axes.length < rank && axes.every((a, i) => a === i);
    if (!k || x.dtype !== 'float32' || !leading) return original.kernelFunc(args);
    const kept = x.shape.slice(axes.length);
    const rows = x.shape.slice(0, axes.length).reduce((a, b) => a * b, 1);
    const cols = kept.reduce((a, b) => a * b, 1);
    const out = backend.makeOutput(keepDims ? [...axes.map(() => 1), ...kept] : kept, 'float32');
    if (cols > 0) k.sumRows(offsetOf(backend, x), offsetOf(backend, out), rows, cols);
    return out;
  };
  tf.unregisterKernel('Sum', 'wasm');
  tf.registerKernel({ ...original, kernelFunc, lmkit: true } as tf.KernelConfig);
}

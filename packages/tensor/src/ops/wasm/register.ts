import * as tf from '@tensorflow/tfjs';
import { kernelsFor, type KernelExports, type WasmBackendLike } from './module.js';

/** What a kernel body receives: the module's exports, the backend, named inputs and attributes. */
export type WasmKernelBody = (
  kernels: KernelExports,
  backend: WasmBackendLike,
  inputs: Record<string, tf.TensorInfo>,
  attrs: Record<string, number>,
) => tf.TensorInfo | tf.TensorInfo[];

/** Registers `body` as tfjs kernel `name` on the wasm backend when lmkit's module runs there. */
export function registerWasmKernel(module: WebAssembly.Module | null, name: string, body: WasmKernelBody): void {
  if (!module || tf.getKernel(name, 'wasm') || !kernelsFor(tf.backend(), module)) return;
  tf.registerKernel({
    kernelName: name,
    backendName: 'wasm',
    kernelFunc: ({ inputs, backend, attrs }) => {
      const b = backend as unknown as WasmBackendLike;
      return body(kernelsFor(b, module)!, b, inputs as Record<string, tf.TensorInfo>, attrs as unknown as Record<string, number>);
    },
  });
}

/** True when kernel `name` can run now (wasm backend with lmkit's kernels). */
export function wasmKernelReady(name: string): boolean {
  return tf.getBackend() === 'wasm' && tf.getKernel(name, 'wasm') !== undefined;
}

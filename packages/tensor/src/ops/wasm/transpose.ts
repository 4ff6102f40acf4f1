import * as tf from '@tensorflow/tfjs';
import { kernelsFor, offsetOf, type WasmBackendLike } from './module.js';

/**
 * `[A, B, C, D]` sizes when `perm` moves one block of adjacent axes past the next block
 * (`[…, b₁…bₙ, c₁…cₘ, …] → […, c₁…cₘ, b₁…bₙ, …]`), the form of every transpose lmkit makes
 * (last-two swaps, head splits, layout changes); null for other permutations.
 */
export function blockSwap(shape: readonly number[], perm: readonly number[]): [number, number, number, number] | null {
  const r = perm.length;
  let i0 = 0;
  while (i0 < r && perm[i0] === i0) i0++;
  if (i0 === r) return null;
  let i1 = r - 1;
  while (perm[i1] === i1) i1--;
  // perm[i0..i1] must be [k, …, i1, i0, …, k−1] with k = perm[i0].
  const k = perm[i0]!;
  const width = i1 - k + 1;
  for (let j = 0; j <= i1 - i0; j++) {
    const want = j < width ? k + j : i0 + j - width;
    if (perm[i0 + j] !== want) return null;
  }
  const prod = (a: number, b: number) => shape.slice(a, b).reduce((x, y) => x * y, 1);
  return [prod(0, i0), prod(i0, k), prod(k, i1 + 1), prod(i1 + 1, r)];
}

/**
 * Replaces tfjs-wasm's `Transpose` kernel (an element-by-element loop with strided writes) by
 * lmkit's blocked SIMD one for 4-byte tensors whose permutation is a block swap; everything else
 * goes to the original kernel. Pure data movement: results are bit-identical.
 */
export function installFastTranspose(module: WebAssembly.Module | null): void {
  const original = tf.getKernel('Transpose', 'wasm');
  if (!original || (original as { lmkit?: boolean }).lmkit) return;
  const kernelFunc: tf.KernelFunc = (args) => {
    const backend = args.backend as unknown as WasmBackendLike;
    const x = args.inputs.x as tf.TensorInfo;
    const perm = (args.attrs as { perm: number[] }).perm;
    const k = kernelsFor(backend, module);
    const sizes = k && (x.dtype === 'float32' || x.dtype === 'int32') ? blockSwap(x.shape, perm) : null;
    if (!k || !sizes) return original.kernelFunc(args);
    const out = backend.makeOutput(perm.map((p) => x.shape[p]!), x.dtype);
    if (sizes.every((s) => s > 0)) k.swapMiddle(offsetOf(backend, x), offsetOf(backend, out), ...sizes);
    return out;
  };
  tf.unregisterKernel('Transpose', 'wasm');
  tf.registerKernel({ ...original, kernelFunc, lmkit: true } as tf.KernelConfig);
}

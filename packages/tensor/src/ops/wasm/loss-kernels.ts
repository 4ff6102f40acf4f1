import { offsetOf } from './module.js';
import { registerWasmKernel } from './register.js';

/** Kernel names: scatter-add of rows (embedding gradient), softmax cross-entropy forward and backward. */
export const SCATTER_ADD_ROWS = 'LmkitScatterAddRows';
export const XENT = 'LmkitCrossEntropy';
export const XENT_GRAD = 'LmkitCrossEntropyGrad';

/** Registers the embedding-gradient and cross-entropy kernels on the wasm backend. */
export function installLossKernels(module: WebAssembly.Module | null): void {
  // inputs ids [n] int32, dy [n, d]; attrs V → dTable [V, d]
  registerWasmKernel(module, SCATTER_ADD_ROWS, (k, backend, { ids, dy }, { V }) => {
    const [n, d] = dy!.shape as [number, number];
    const out = backend.makeOutput([V!, d], 'float32');
    k.scatterAddRows(offsetOf(backend, ids!), offsetOf(backend, dy!), offsetOf(backend, out), n, V!, d);
    return out;
  });
  // inputs logits [n, V], targets [n] int32 → nll [n], lse [n]
  registerWasmKernel(module, XENT, (k, backend, { logits, targets }) => {
    const [n, V] = logits!.shape as [number, number];
    const nll = backend.makeOutput([n], 'float32');
    const lse = backend.makeOutput([n], 'float32');
    k.crossEntropyForward(offsetOf(backend, logits!), offsetOf(backend, targets!), offsetOf(backend, nll), offsetOf(backend, lse), n, V);
    return [nll, lse];
  });
  // inputs logits, targets, lse, dnll [n] → dlogits [n, V]
  registerWasmKernel(module, XENT_GRAD, (k, backend, { logits, targets, lse, dnll }) => {
    const [n, V] = logits!.shape as [number, number];
    const out = backend.makeOutput([n, V], 'float32');
    const at = (t: Parameters<typeof offsetOf>[1]) => offsetOf(backend, t);
    k.crossEntropyBackward(at(logits!), at(targets!), at(lse!), at(dnll!), at(out), n, V);
    return out;
  });
}

import { offsetOf } from './module.js';
import { registerWasmKernel } from './register.js';

/** Kernel names of GELU and layer norm, forward and backward. */
export const GELU = 'LmkitGelu';
export const GELU_GRAD = 'LmkitGeluGrad';
export const LAYER_NORM = 'LmkitLayerNorm';
export const LAYER_NORM_GRAD = 'LmkitLayerNormGrad';

/** Registers the GELU and layer-norm kernels on the wasm backend. */
export function installLayerKernels(module: WebAssembly.Module | null): void {
  registerWasmKernel(module, GELU, (k, backend, { x }) => {
    const y = backend.makeOutput([...x!.shape], 'float32');
    k.geluForward(offsetOf(backend, x!), offsetOf(backend, y), x!.shape.reduce((a, b) => a * b, 1));
    return y;
  });
  registerWasmKernel(module, GELU_GRAD, (k, backend, { x, dy }) => {
    const dx = backend.makeOutput([...x!.shape], 'float32');
    k.geluBackward(offsetOf(backend, x!), offsetOf(backend, dy!), offsetOf(backend, dx), x!.shape.reduce((a, b) => a * b, 1));
    return dx;
  });
  // x [..., D], g [D], b [D]; attrs eps → y, mean [rows], rstd [rows]
  registerWasmKernel(module, LAYER_NORM, (k, backend, { x, g, b }, { eps }) => {
    const D = x!.shape[x!.shape.length - 1]!;
    const rows = x!.shape.reduce((a, c) => a * c, 1) / D;
    const y = backend.makeOutput([...x!.shape], 'float32');
    const mean = backend.makeOutput([rows], 'float32');
    const rstd = backend.makeOutput([rows], 'float32');
    const at = (t: Parameters<typeof offsetOf>[1]) => offsetOf(backend, t);
    k.layerNormForward(at(x!), at(g!), at(b!), at(y), at(mean), at(rstd), rows, D, eps!);
    return [y, mean, rstd];
  });
  registerWasmKernel(module, LAYER_NORM_GRAD, (k, backend, { x, g, mean, rstd, dy }) => {
    const D = x!.shape[x!.shape.length - 1]!;
    const rows = x!.shape.reduce((a, c) => a * c, 1) / D;
    const dx = backend.makeOutput([...x!.shape], 'float32');
    const dg = backend.makeOutput([D], 'float32');
    const db = backend.makeOutput([D], 'float32');
    const at = (t: Parameters<typeof offsetOf>[1]) => offsetOf(backend, t);
    k.layerNormBackward(at(x!), at(g!), at(mean!), at(rstd!), at(dy!), at(dx), at(dg), at(db), rows, D);
    return [dx, dg, db];
  });
}

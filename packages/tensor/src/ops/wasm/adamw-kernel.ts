import { offsetOf } from './module.js';
import { registerWasmKernel } from './register.js';

/** Kernel name of one fused AdamW step (inputs w, g, m, v; outputs w', m', v'). */
export const ADAMW_STEP = 'LmkitAdamWStep';

/** Attributes of {@link ADAMW_STEP}: learning rate, moment decays, bias corrections, eps, weight decay. */
export interface AdamWStepAttrs {
  lr: number;
  beta1: number;
  beta2: number;
  bc1: number;
  bc2: number;
  eps: number;
  weightDecay: number;
}

/** Registers the fused AdamW step on the wasm backend. */
export function installAdamWKernel(module: WebAssembly.Module | null): void {
  registerWasmKernel(module, ADAMW_STEP, (k, backend, { w, g, m, v }, a) => {
    const shape = [...w!.shape];
    const [w2, m2, v2] = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
    const at = (t: Parameters<typeof offsetOf>[1]) => offsetOf(backend, t);
    const n = shape.reduce((x, y) => x * y, 1);
    k.adamwStep(at(w!), at(g!), at(m!), at(v!), at(w2!), at(m2!), at(v2!), n, a.lr!, a.beta1!, a.beta2!, a.bc1!, a.bc2!, a.eps!, a.weightDecay!);
    return [w2!, m2!, v2!];
  });
}

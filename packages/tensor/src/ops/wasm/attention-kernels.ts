import * as tf from '@tensorflow/tfjs';
import { offsetOf, withScratch } from './module.js';
import { registerWasmKernel } from './register.js';

/** tfjs kernel name of the fused causal attention forward (inputs q, k, v, bias?; outputs out, lse). */
export const FUSED_ATTENTION = 'LmkitCausalAttention';
/** Its backward (inputs q, k, v, bias?, out, lse, dout; outputs dq, dk, dv, then dbias with a bias). */
export const FUSED_ATTENTION_GRAD = 'LmkitCausalAttentionGrad';

/** Attributes of both kernels: queries see keys j ≤ i + offset; scores are scaled by `scale`. */
export interface FusedAttentionAttrs {
  offset: number;
  scale: number;
}

function sizes(q: tf.TensorInfo, k: tf.TensorInfo, bias: tf.TensorInfo | undefined) {
  const [B, H, Tq, dh] = q.shape as [number, number, number, number];
  return { BH: B * H, biasHeads: bias ? (bias.shape.length === 3 ? bias.shape[0]! : 1) : 1, Tq, Tk: k.shape[2]!, dh };
}

/** Registers both kernels on the wasm backend (no-op when lmkit's module is unavailable). */
export function installAttentionKernels(module: WebAssembly.Module | null): void {
  registerWasmKernel(module, FUSED_ATTENTION, (kern, backend, { q, k, v, bias }, { offset, scale }) => {
    const z = sizes(q!, k!, bias);
    const out = backend.makeOutput([...q!.shape], 'float32');
    const lse = backend.makeOutput(q!.shape.slice(0, 3), 'float32');
    const at = (x: tf.TensorInfo) => offsetOf(backend, x);
    withScratch(backend, z.Tk + 4, (s) =>
      kern.attentionForward(at(q!), at(k!), at(v!), bias ? at(bias) : 0, at(out), at(lse), s, z.BH, z.biasHeads, z.Tq, z.Tk, z.dh, offset!, scale!),
    );
    return [out, lse];
  });
  registerWasmKernel(module, FUSED_ATTENTION_GRAD, (kern, backend, { q, k, v, bias, out, lse, dout }, { offset, scale }) => {
    const z = sizes(q!, k!, bias);
    const dq = backend.makeOutput([...q!.shape], 'float32');
    const dk = backend.makeOutput([...k!.shape], 'float32');
    const dv = backend.makeOutput([...v!.shape], 'float32');
    const dbias = bias ? backend.makeOutput([...bias.shape], 'float32') : null;
    const at = (x: tf.TensorInfo) => offsetOf(backend, x);
    withScratch(backend, z.Tk + 4, (s) =>
      kern.attentionBackward(
        at(q!), at(k!), at(v!), bias ? at(bias) : 0, at(out!), at(lse!), at(dout!), at(dq), at(dk), at(dv), dbias ? at(dbias) : 0, s,
        z.BH, z.biasHeads, z.Tq, z.Tk, z.dh, offset!, scale!,
      ),
    );
    return dbias ? [dq, dk, dv, dbias] : [dq, dk, dv];
  });
}

import * as tf from '@tensorflow/tfjs';
import { KERNELS_WASM_BASE64 } from './kernels-binary.js';

/** The parts of tfjs-wasm's backend object that lmkit's kernels use. */
export interface WasmBackendLike {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Exports of lmkit's kernel module (kernels/index.ts); pointers are byte offsets into the backend's memory. */
export interface KernelExports {
  swapMiddle(src: number, dst: number, A: number, B: number, C: number, D: number): void;
  sumRows(src: number, dst: number, rows: number, cols: number): void;
  adamwStep(
    w: number, g: number, m: number, v: number, w2: number, m2: number, v2: number, n: number,
    lr: number, b1: number, b2: number, bc1: number, bc2: number, eps: number, wd: number,
  ): void;
  geluForward(x: number, y: number, n: number): void;
  geluBackward(x: number, dy: number, dx: number, n: number): void;
  layerNormForward(x: number, g: number, b: number, y: number, mean: number, rstd: number, rows: number, D: number, eps: number): void;
  layerNormBackward(x: number, g: number, mean: number, rstd: number, dy: number, dx: number, dg: number, db: number, rows: number, D: number): void;
  scatterAddRows(ids: number, dy: number, dTable: number, n: number, V: number, d: number): void;
  crossEntropyForward(logits: number, targets: number, nll: number, lse: number, n: number, V: number): void;
  crossEntropyBackward(logits: number, targets: number, lse: number, dnll: number, dlogits: number, n: number, V: number): void;
  attentionForward(
    q: number, k: number, v: number, bias: number, out: number, lse: number, scratch: number,
    BH: number, H: number, Tq: number, Tk: number, dh: number, offset: number, scale: number,
  ): void;
  topkRows(x: number, vals: number, idx: number, rows: number, cols: number, k: number): void;
  attentionBackward(
    q: number, k: number, v: number, bias: number, out: number, lse: number, dout: number,
    dq: number, dk: number, dv: number, dbias: number, scratch: number,
    BH: number, H: number, Tq: number, Tk: number, dh: number, offset: number, scale: number,
  ): void;
}

let compiled: Promise<WebAssembly.Module | null> | null = null;
const instances = new WeakMap<object, KernelExports | null>();

function decodeBase64(b64: string): Uint8Array {
  const g = globalThis as { Buffer?: { from(s: string, enc: string): Uint8Array } };
  if (g.Buffer) return new Uint8Array(g.Buffer.from(b64, 'base64'));
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Compiles the kernel module once (async, as browsers require for modules of this size). Null without wasm SIMD. */
export function compileKernels(): Promise<WebAssembly.Module | null> {
  compiled ??= WebAssembly.compile(decodeBase64(KERNELS_WASM_BASE64) as BufferSource).catch(() => null);
  return compiled;
}

/**
 * The kernel module instantiated on `backend`'s own memory (so kernels read and write tensors in
 * place), or null when that is impossible (no SIMD, a threaded build's shared memory, another backend).
 */
export function kernelsFor(backend: object, module: WebAssembly.Module | null): KernelExports | null {
  if (instances.has(backend)) return instances.get(backend) ?? null;
  let exports: KernelExports | null = null;
  const memory = (backend as Partial<WasmBackendLike>).wasm?.asm?.memory;
  if (module && memory instanceof WebAssembly.Memory) {
    try {
      exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelExports;
    } catch {
      exports = null;
    }
  }
  instances.set(backend, exports);
  return exports;
}

/** Runs `f` with a scratch buffer of `floats` float32 in the backend's memory (its byte offset), then frees it. */
export function withScratch<T>(backend: WasmBackendLike, floats: number, f: (offset: number) => T): T {
  const scratch = backend.makeOutput([Math.max(4, floats)], 'float32');
  try {
    return f(offsetOf(backend, scratch));
  } finally {
    backend.disposeData(scratch.dataId, true);
  }
}

/** Byte offset of a tensor's data in the wasm backend's memory. */
export function offsetOf(backend: WasmBackendLike, t: tf.TensorInfo): number {
  const info = backend.dataIdMap.get(t.dataId);
  if (!info) throw new Error('lmkit kernels: tensor is not on the wasm backend');
  return info.memoryOffset;
}

import * as tf from '@tensorflow/tfjs';
import { LmkitError } from '../errors.js';
import { compileKernels } from '../ops/wasm/module.js';
import { installFastTranspose } from '../ops/wasm/transpose.js';
import { installAttentionKernels } from '../ops/wasm/attention-kernels.js';
import { installFastSum } from '../ops/wasm/reduce-kernels.js';
import { installLossKernels } from '../ops/wasm/loss-kernels.js';
import { installLayerKernels } from '../ops/wasm/layer-kernels.js';
import { installAdamWKernel } from '../ops/wasm/adamw-kernel.js';
import { installSharingIdentity } from '../ops/wasm/share-kernels.js';
import { installFastTopK } from '../ops/wasm/topk-kernel.js';

/** Which tfjs backend runs lmkit's tensors. */
export type BackendName = 'wasm' | 'cpu';

/** Options for {@link initBackend}. */
export interface InitBackendOptions {
  /** Backend to use; defaults to `LMKIT_BACKEND` from the environment, then `wasm`. */
  backend?: BackendName;
  /** Where the tfjs-wasm `.wasm` files are (URL prefix in the browser, folder in Node). Found automatically in Node. */
  wasmPaths?: string;
  /** Called with a one-line warning when wasm is unavailable and cpu is used instead. Defaults to `console.warn`. */
  onWarning?: (message: string) => void;
}

/** What {@link initBackend} ended up with. */
export interface BackendInfo {
  backend: BackendName;
  /** True when the requested backend failed and cpu was used instead. */
  fellBack: boolean;
  /** The tfjs version in use. */
  tfjsVersion: string;
}

let current: Promise<BackendInfo> | null = null;
let currentRequest: string | null = null;

/**
 * Sets up tfjs once: the `wasm` backend (SIMD) by default, `cpu` as a visible fallback.
 * Safe to call many times; a call with a different backend switches to it.
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  let requested: string;
  try {
    requested = options.backend ?? envBackend() ?? 'wasm';
  } catch (e) {
    return Promise.reject(e);
  }
  if (requested !== 'wasm' && requested !== 'cpu') {
    return Promise.reject(new LmkitError('LMKIT_BACKEND', `unknown backend "${String(requested)}": use wasm or cpu`));
  }
  if (current && currentRequest === requested) return current;
  currentRequest = requested;
  current = setUp(requested as BackendName, options);
  return current;
}

function envBackend(): BackendName | undefined {
  const g = globalThis as { process?: { env?: Record<string, string | undefined> } };
  const v = g.process?.env?.LMKIT_BACKEND;
  if (v === undefined || v === '') return undefined;
  if (v !== 'wasm' && v !== 'cpu') throw new LmkitError('LMKIT_BACKEND', `LMKIT_BACKEND="${v}" is not a backend: use wasm or cpu`);
  return v;
}

async function setUp(requested: BackendName, options: InitBackendOptions): Promise<BackendInfo> {
  const warn = options.onWarning ?? ((m: string) => console.warn(m));
  if (requested === 'wasm') {
    try {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const paths = options.wasmPaths ?? (await defaultWasmPaths());
      if (paths) wasm.setWasmPaths(paths);
      if (await tf.setBackend('wasm')) {
        await tf.ready();
        const kernels = await compileKernels();
        installFastTranspose(kernels);
        installFastSum(kernels);
        installFastTopK(kernels);
        installSharingIdentity();
        installAttentionKernels(kernels);
        installLossKernels(kernels);
        installLayerKernels(kernels);
        installAdamWKernel(kernels);
        return { backend: 'wasm', fellBack: false, tfjsVersion: tf.version_core };
      }
      throw new Error('tf.setBackend("wasm") returned false');
    } catch (e) {
      warn(`lmkit: wasm backend unavailable (${(e as Error).message}); falling back to the slow cpu backend`);
      await tf.setBackend('cpu');
      await tf.ready();
      return { backend: 'cpu', fellBack: true, tfjsVersion: tf.version_core };
    }
  }
  await tf.setBackend('cpu');
  await tf.ready();
  return { backend: 'cpu', fellBack: false, tfjsVersion: tf.version_core };
}

/** In Node, the folder of tfjs-backend-wasm's dist files; undefined in a browser. */
async function defaultWasmPaths(): Promise<string | undefined> {
  const g = globalThis as { process?: { versions?: { node?: string } } };
  if (!g.process?.versions?.node) return undefined;
  const { createRequire } = await import('node:module');
  const path = await import('node:path');
  const require = createRequire(import.meta.url);
  const main = require.resolve('@tensorflow/tfjs-backend-wasm');
  // main is .../tfjs-backend-wasm/dist/tf-backend-wasm.node.js (or similar) inside dist/
  let dir = path.dirname(main);
  while (path.basename(dir) !== 'dist' && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir + path.sep;
}

/** The backend tfjs is using right now. */
export function currentBackend(): string {
  return tf.getBackend();
}

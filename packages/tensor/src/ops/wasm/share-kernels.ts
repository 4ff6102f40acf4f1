import * as tf from '@tensorflow/tfjs';

interface RefCounting {
  incRef(dataId: object): void;
}

/**
 * tfjs-wasm's `Identity` and same-dtype `Cast` copy the whole tensor; tfjs-core runs them for
 * every `clone()` and inside many gradients (a float32 `cast` of each operand of mul/div). These
 * replacements share the data under a reference count instead, as tfjs's cpu backend does (the
 * wasm backend counts references and no kernel writes into its inputs). Bit-identical.
 */
export function installSharingIdentity(): void {
  const identity = tf.getKernel('Identity', 'wasm');
  const cast = tf.getKernel('Cast', 'wasm');
  if (!identity || !cast || (identity as { lmkit?: boolean }).lmkit) return;
  const share = (backend: unknown, x: tf.TensorInfo): tf.TensorInfo => {
    (backend as RefCounting).incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
  };
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    ...identity,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      return x.dtype === 'string' ? identity.kernelFunc(args) : share(args.backend, x);
    },
    lmkit: true,
  } as tf.KernelConfig);
  tf.unregisterKernel('Cast', 'wasm');
  tf.registerKernel({
    ...cast,
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      return (args.attrs as { dtype: string }).dtype === x.dtype && x.dtype !== 'string' ? share(args.backend, x) : cast.kernelFunc(args);
    },
    lmkit: true,
  } as tf.KernelConfig);
}

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { maxRelError } from '@lmkit/test-utils';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { fusedGelu, fusedLayerNorm } from './fused-layers.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** Relative error of tensor `a` against `b` over all entries. */
const relErr = (a: tf.Tensor, b: tf.Tensor): number => maxRelError(a.dataSync(), b.dataSync());

/** The unfused references: the composites lmkit used before the kernels. */
const geluRef = (x: tf.Tensor) => x.mul(tf.sigmoid(x.add(x.mul(x).mul(x).mul(0.044715)).mul(2 * Math.sqrt(2 / Math.PI))));
const layerNormRef = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
  const { mean, variance } = tf.moments(x, -1, true);
  return x.sub(mean).div(variance.add(1e-5).sqrt()).mul(g).add(b);
};

describe('fused GELU and layer norm on wasm', () => {
  it('GELU matches the composite in value and gradient, tails included, without leaks', () => {
    const rng = new Rng(31);
    for (const n of [4, 7, 1001]) {
      const x = tf.tensor1d(rng.normalArray(n, 4));
      const w = tf.tensor1d(rng.normalArray(n));
      const before = tf.memory().numTensors;
      const y = fusedGelu(x)!;
      const yRef = tf.tidy(() => geluRef(x));
      const g = tf.grad((a: tf.Tensor) => fusedGelu(a)!.mul(w).sum())(x);
      const gRef = tf.grad((a: tf.Tensor) => geluRef(a).mul(w).sum())(x);
      expect(relErr(y, yRef)).toBeLessThan(1e-6);
      expect(relErr(g, gRef)).toBeLessThan(1e-5);
      tf.dispose([y, yRef, g, gRef]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, w]);
    }
  });

  it('layer norm matches the composite: values and gradients of x, gain and bias', () => {
    const rng = new Rng(32);
    for (const shape of [[3, 8], [2, 5, 64]]) {
      const D = shape[shape.length - 1]!;
      const n = shape.reduce((a, b) => a * b, 1);
      const x = tf.tensor(rng.normalArray(n, 2), shape);
      const g = tf.tensor1d(rng.normalArray(D));
      const b = tf.tensor1d(rng.normalArray(D));
      const w = tf.tensor(rng.normalArray(n), shape);
      const before = tf.memory().numTensors;
      const y = fusedLayerNorm(x, g, b, 1e-5)!;
      const yRef = tf.tidy(() => layerNormRef(x, g, b));
      const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => fusedLayerNorm(a, c, d, 1e-5)!.mul(w).sum())([x, g, b]);
      const gradsRef = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) => layerNormRef(a, c, d).mul(w).sum())([x, g, b]);
      expect(relErr(y, yRef)).toBeLessThan(1e-5);
      grads.forEach((gr, i) => expect(relErr(gr, gradsRef[i]!)).toBeLessThan(1e-4));
      tf.dispose([y, yRef, ...grads, ...gradsRef]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, g, b, w]);
    }
    const odd = tf.zeros([2, 6]);
    expect(fusedLayerNorm(odd, tf.ones([6]), tf.zeros([6]), 1e-5)).toBeNull(); // D not a multiple of 4
    odd.dispose();
  });
});

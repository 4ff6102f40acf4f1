import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { softmaxNll } from './cross-entropy.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('softmaxNll on wasm (fused kernel)', () => {
  it('matches logSoftmax · oneHot in value and gradient (float32 rounding), without leaks', () => {
    const rng = new Rng(21);
    for (const [n, V] of [[9, 7], [64, 512], [5, 1003]] as [number, number][]) {
      const logits = tf.tensor2d(rng.normalArray(n * V, 3), [n, V]);
      const targets = tf.tensor1d(Array.from({ length: n }, () => rng.int(V)), 'int32');
      const w = tf.tensor1d(rng.normalArray(n));
      const reference = (x: tf.Tensor) => tf.logSoftmax(x as tf.Tensor2D).mul(tf.oneHot(targets, V).toFloat()).sum(-1).neg().mul(w).sum();
      const before = tf.memory().numTensors;
      const nll = softmaxNll(logits, targets);
      const want = tf.tidy(() => tf.logSoftmax(logits).mul(tf.oneHot(targets, V).toFloat()).sum(-1).neg());
      const g = tf.grad((x: tf.Tensor) => softmaxNll(x as tf.Tensor2D, targets).mul(w).sum())(logits);
      const gWant = tf.grad(reference)(logits);
      const close = (a: tf.Tensor, b: tf.Tensor, tol: number) => {
        const [x, y] = [a.dataSync(), b.dataSync()];
        const scale = Math.max(...Array.from(y, Math.abs));
        expect(Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]!))) / scale).toBeLessThan(tol);
      };
      close(nll, want, 1e-6);
      close(g, gWant, 1e-5);
      tf.dispose([nll, want, g, gWant]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([logits, targets, w]);
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { embeddingLookup } from './embedding.js';
import { matMul } from './matmul.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('embeddingLookup on wasm (gather + scatter-add kernel)', () => {
  it('gives the same values and table gradient, bit for bit, as oneHot(ids) · table', () => {
    const rng = new Rng(12);
    for (const [V, d, n] of [[7, 5, 40], [50, 16, 300], [512, 64, 2048]] as [number, number, number][]) {
      const table = tf.tensor2d(rng.normalArray(V * d), [V, d]);
      // Repeated ids, so the gradient adds several rows per table row.
      const ids = tf.tensor1d(Array.from({ length: n }, () => rng.int(V)), 'int32');
      const w = tf.tensor2d(rng.normalArray(n * d), [n, d]);
      const before = tf.memory().numTensors;
      const viaKernel = tf.grad((t: tf.Tensor) => embeddingLookup(ids, t as tf.Tensor2D).mul(w).sum());
      const viaOneHot = tf.grad((t: tf.Tensor) => matMul(tf.oneHot(ids, V).toFloat(), t as tf.Tensor2D).mul(w).sum());
      const [g1, g2] = [viaKernel(table), viaOneHot(table)];
      expect(Array.from(g1.dataSync())).toEqual(Array.from(g2.dataSync()));
      const [y1, y2] = [embeddingLookup(ids, table), tf.tidy(() => matMul(tf.oneHot(ids, V).toFloat(), table))];
      expect(Array.from(y1.dataSync())).toEqual(Array.from(y2.dataSync()));
      tf.dispose([g1, g2, y1, y2]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([table, ids, w]);
    }
  });
});

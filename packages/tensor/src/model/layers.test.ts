import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { gelu, layerNorm } from './layers.js';

beforeAll(async () => {
  await initBackend();
});

describe('layers', () => {
  it('gelu equals the tanh formula 0.5·x·(1 + tanh(√(2/π)(x + 0.044715x³)))', () => {
    const xs = [-6, -2.5, -1, -0.1, 0, 0.3, 1, 2, 5];
    const got = Array.from(gelu(tf.tensor1d(xs)).dataSync());
    xs.forEach((x, i) => {
      const want = 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));
      expect(got[i]!).toBeCloseTo(want, 5);
    });
  });

  it('layerNorm gives zero mean and unit variance before gain and bias', () => {
    const y = layerNorm(tf.tensor2d([[1, 2, 3, 4]]), tf.ones([4]), tf.zeros([4]));
    const v = Array.from(y.dataSync());
    expect(v.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 5);
    expect(v.reduce((a, b) => a + b * b, 0) / 4).toBeCloseTo(1, 3); // eps = 1e-5 shrinks it a hair
  });
});

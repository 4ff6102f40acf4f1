import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { matMul } from './matmul.js';

beforeAll(async () => {
  await initBackend();
});

describe('matMul', () => {
  it('matches tf.matMul values and gradients for every transpose combination', () => {
    const rng = new Rng(4);
    const t = (shape: number[]) => tf.tensor(rng.normalArray(shape.reduce((x, y) => x * y, 1)), shape);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      // The last case is large enough (bs·m·k·n ≥ 65536) for the depthwise-convolution path.
      for (const [batch, m, k, n] of [[[], 4, 5, 6], [[2, 3], 4, 5, 6], [[2, 8], 16, 20, 24]] as const) {
        const a = t([...batch, ...(ta ? [k, m] : [m, k])]);
        const b = t([...batch, ...(tb ? [n, k] : [k, n])]);
        const w = t([...batch, m, n]);
        const ours = tf.grads((x: tf.Tensor, y: tf.Tensor) => matMul(x, y, ta, tb).mul(w).sum());
        const ref = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb).mul(w).sum());
        const [ga, gb] = ours([a, b]);
        const [ra, rb] = ref([a, b]);
        const close = (p: tf.Tensor, q: tf.Tensor) => {
          expect(p.shape).toEqual(q.shape);
          const d = tf.tidy(() => p.sub(q).abs().max().dataSync()[0]!);
          expect(d).toBeLessThan(1e-4);
        };
        close(matMul(a, b, ta, tb), tf.matMul(a, b, ta, tb));
        close(ga!, ra!);
        close(gb!, rb!);
      }
    }
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { AdamW } from './adamw.js';
import { clipByGlobalNorm } from './clip.js';
import { warmupCosine } from './schedule.js';
import { sampleLmBatch } from './batches.js';

beforeAll(async () => {
  await initBackend();
});

describe('warmupCosine', () => {
  const o = { lr: 1, warmupSteps: 4, totalSteps: 14, minLr: 0.1 };
  it('rises linearly over the warm-up, then follows the cosine to minLr and stays there', () => {
    expect(warmupCosine(0, o)).toBeCloseTo(0.25, 12);
    expect(warmupCosine(3, o)).toBeCloseTo(1, 12);
    expect(warmupCosine(4, o)).toBeCloseTo(1, 12); // progress 0
    expect(warmupCosine(9, o)).toBeCloseTo(0.1 + 0.45 * (1 + Math.cos(Math.PI / 2)), 12); // progress 1/2
    expect(warmupCosine(14, o)).toBeCloseTo(0.1, 12);
    expect(warmupCosine(40, o)).toBeCloseTo(0.1, 12);
    expect(warmupCosine(5, { lr: 2, warmupSteps: 0, totalSteps: 10 })).toBeCloseTo(0.2 + 0.9 * (1 + Math.cos(Math.PI / 2)), 12);
  });
});

describe('clipByGlobalNorm', () => {
  it('scales gradients with global norm 5 down to norm 1 and reports the norm before clipping', () => {
    const { grads, norm } = clipByGlobalNorm({ a: tf.tensor1d([3]), b: tf.tensor2d([[0, 4]]) }, 1);
    expect(norm).toBeCloseTo(5, 5);
    expect(grads.a!.dataSync()[0]).toBeCloseTo(0.6, 5);
    expect(Array.from(grads.b!.dataSync())).toEqual([0, expect.closeTo(0.8, 5)]);
    tf.dispose(Object.values(grads));
  });
  it('returns the same gradients when the norm is within the limit', () => {
    const input = { a: tf.tensor1d([3]), b: tf.tensor1d([4]) };
    const { grads, norm } = clipByGlobalNorm(input, 10);
    expect(norm).toBeCloseTo(5, 5);
    expect(grads).toBe(input);
    tf.dispose(Object.values(grads));
  });
});

describe('AdamW', () => {
  it('bias-corrected first steps move each weight by lr·sign(g); matrices also decay by lr·wd·w', () => {
    const vec = tf.variable(tf.tensor1d([1, -2]));
    const mat = tf.variable(tf.tensor2d([[2]]));
    const vars = new Map<string, tf.Variable>([['vec', vec], ['mat', mat]]);
    const opt = new AdamW({ weightDecay: 0.01, eps: 1e-12 });
    for (let step = 1; step <= 2; step++) {
      // m̂ = g and v̂ = g² for a constant gradient at every step, so the Adam step is lr·sign(g).
      const g = { vec: tf.tensor1d([0.5, -0.1]), mat: tf.tensor2d([[1]]) };
      const matBefore = mat.dataSync()[0]!;
      opt.apply(vars, g, 0.1);
      tf.dispose(Object.values(g));
      expect(Array.from(vec.dataSync())).toEqual([expect.closeTo(1 - 0.1 * step, 5), expect.closeTo(-2 + 0.1 * step, 5)]);
      expect(mat.dataSync()[0]).toBeCloseTo(matBefore - 0.1 * (1 + 0.01 * matBefore), 5);
    }
    expect(opt.step).toBe(2);
    expect(opt.stateTensors().size).toBe(4);
    opt.dispose();
    tf.dispose([vec, mat]);
  });
});

describe('sampleLmBatch', () => {
  it('cuts windows whose targets are the inputs shifted by one, reproducibly from (seed, step)', () => {
    const tokens = Array.from({ length: 50 }, (_, i) => i);
    const a = sampleLmBatch(tokens, 3, 5, 7, 2);
    expect(sampleLmBatch(tokens, 3, 5, 7, 2)).toEqual(a);
    expect(sampleLmBatch(tokens, 3, 5, 7, 3)).not.toEqual(a);
    for (let b = 0; b < 3; b++) {
      const start = a.inputs[b]![0]!;
      expect(a.inputs[b]).toEqual([0, 1, 2, 3, 4].map((i) => start + i));
      expect(a.targets[b]).toEqual([1, 2, 3, 4, 5].map((i) => start + i));
      expect(start + 5).toBeLessThan(50);
    }
    expect(() => sampleLmBatch(tokens.slice(0, 5), 1, 5, 0, 0)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
  });
});

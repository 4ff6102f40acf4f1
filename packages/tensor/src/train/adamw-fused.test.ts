import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { AdamW } from './adamw.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('AdamW on wasm (one fused kernel per parameter)', () => {
  it('follows the AdamW formula in float64 over three steps, decays only matrices, frees its temporaries', () => {
    const rng = new Rng(41);
    const shapes = [[5], [3, 7]];
    const init = shapes.map((s) => Array.from(rng.normalArray(s.reduce((a, b) => a * b, 1))));
    const vars = new Map(shapes.map((s, i) => [`p${i}`, tf.variable(tf.tensor(init[i]!, s))] as const));
    const opt = new AdamW({ weightDecay: 0.1 });
    const ref = init.map((w) => ({ w: [...w], m: w.map(() => 0), v: w.map(() => 0) }));
    const lr = 0.01;
    for (let step = 1; step <= 3; step++) {
      const gs = shapes.map((s) => Array.from(rng.normalArray(s.reduce((a, b) => a * b, 1))));
      const grads = Object.fromEntries(shapes.map((s, i) => [`p${i}`, tf.tensor(gs[i]!, s)]));
      const before = tf.memory().numTensors;
      opt.apply(vars, grads, lr);
      expect(tf.memory().numTensors).toBe(before + (step === 1 ? 4 : 0)); // moments created once
      tf.dispose(Object.values(grads));
      ref.forEach((r, i) => {
        const wd = shapes[i]!.length >= 2 ? 0.1 : 0;
        r.w = r.w.map((w, j) => {
          const g = gs[i]![j]!;
          r.m[j] = 0.9 * r.m[j]! + 0.1 * g;
          r.v[j] = 0.999 * r.v[j]! + 0.001 * g * g;
          const upd = r.m[j]! / (1 - 0.9 ** step) / (Math.sqrt(r.v[j]! / (1 - 0.999 ** step)) + 1e-8);
          return w - lr * (upd + wd * w);
        });
      });
    }
    shapes.forEach((_, i) => {
      const got = vars.get(`p${i}`)!.dataSync();
      ref[i]!.w.forEach((w, j) => expect(Math.abs(got[j]! - w)).toBeLessThan(1e-6 * Math.max(1, Math.abs(w))));
    });
    for (const v of vars.values()) v.dispose();
    opt.dispose();
  });
});

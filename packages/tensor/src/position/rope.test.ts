import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { rope } from './rope.js';
import { rotaryFrequencies } from './rotary.js';

beforeAll(async () => {
  await initBackend();
});

const tensor4 = (values: ArrayLike<number>, t: number, d: number): tf.Tensor4D => tf.tensor4d(Array.from(values), [1, 1, t, d]);

describe('rope (core)', () => {
  it('rotates pair i of the vector at position n by n·θ_i (θ_0 = 1): (1, 0) at n = 3 becomes (cos 3, sin 3)', () => {
    const enc = rope();
    const x = tensor4([1, 0], 1, 2);
    const [q, k] = enc.rotate!(x, x, 3, 5);
    expect(Array.from(q.dataSync())[0]).toBeCloseTo(Math.cos(3), 6);
    expect(Array.from(q.dataSync())[1]).toBeCloseTo(Math.sin(3), 6);
    expect(Array.from(k.dataSync())[0]).toBeCloseTo(Math.cos(5), 6);
    expect(Array.from(k.dataSync())[1]).toBeCloseTo(Math.sin(5), 6);
    tf.dispose([x, q, k]);
  });

  it('uses θ_i = 10000^(−2i/d)', () => {
    const f = rotaryFrequencies(8);
    expect(Array.from(f)).toEqual([1, 10000 ** (-2 / 8), 10000 ** (-4 / 8), 10000 ** (-6 / 8)]);
  });

  it('gives a query·key score that depends only on the offset n − m', () => {
    const rng = new Rng(7);
    const d = 8;
    const qv = tensor4(rng.normalArray(d, 1), 1, d);
    const kv = tensor4(rng.normalArray(d, 1), 1, d);
    const score = (n: number, m: number): number => {
      const [q, k] = rope().rotate!(qv, kv, n, m);
      const s = tf.tidy(() => q.mul(k).sum().dataSync()[0]!);
      tf.dispose([q, k]);
      return s;
    };
    expect(score(105, 102)).toBeCloseTo(score(5, 2), 4);
    expect(score(40, 0)).toBeCloseTo(score(1040, 1000), 3);
    expect(Math.abs(score(5, 2) - score(5, 3))).toBeGreaterThan(1e-3);
    tf.dispose([qv, kv]);
  });

  it('refuses an odd head dimension with LMKIT_ODD_HEAD_DIM', () => {
    const x = tensor4([1, 2, 3], 1, 3);
    expect(() => rope().rotate!(x, x, 0, 0)).toThrow(expect.objectContaining({ code: 'LMKIT_ODD_HEAD_DIM' }));
    x.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { denseAttention, initBackend, maskFromPredicate, Rng } from '@lmkit/tensor';
import { bca } from './bca.js';
import { bcaAllowed, bcaPatternMatrix } from './geometry.js';
import { alibi } from '../../position/alibi.js';

beforeAll(async () => {
  await initBackend();
});

const H = 2;
const dh = 4;

function randn(rng: Rng, shape: [number, number, number, number]): tf.Tensor4D {
  return tf.tensor4d(rng.normalArray(shape.reduce((a, b) => a * b, 1)), shape);
}

/** Random q `[batch, H, tq, dh]` and k, v `[batch, H, tk, dh]`, drawn in that order. */
function randomQkv(rng: Rng, batch: number, tq: number, tk = tq): { q: tf.Tensor4D; k: tf.Tensor4D; v: tf.Tensor4D } {
  const q = randn(rng, [batch, H, tq, dh]);
  const k = randn(rng, [batch, H, tk, dh]);
  const v = randn(rng, [batch, H, tk, dh]);
  return { q, k, v };
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => a.sub(b).abs().max().dataSync()[0]!);
}

describe('bcaPatternMatrix', () => {
  it('w = 4 (blocks of 2), n = 6: own block causally + the whole previous block', () => {
    expect(bcaPatternMatrix(6, 4)).toEqual([
      [1, 0, 0, 0, 0, 0],
      [1, 1, 0, 0, 0, 0],
      [1, 1, 1, 0, 0, 0],
      [1, 1, 1, 1, 0, 0],
      [0, 0, 1, 1, 1, 0],
      [0, 0, 1, 1, 1, 1],
    ]);
  });
  it('rejects an odd window', () => {
    expect(() => bcaPatternMatrix(4, 5)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
  });
});

describe('bca pattern', () => {
  const w = 8;
  const allowed = (n: number, m: number) => bcaAllowed(n, m, w);

  it.each([3, 4, 8, 13, 21, 32])('equals dense attention with the BCA mask for N = %i (vectorised path)', (N) => {
    const rng = new Rng(100 + N);
    const { q, k, v } = randomQkv(rng, 2, N);
    const fast = bca(w).attend({ q, k, v, qStart: 0, kStart: 0 });
    const mask = maskFromPredicate(0, N, 0, N, allowed);
    const ref = denseAttention(q, k, v, mask);
    expect(maxAbsDiff(fast.out, ref.out)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, fast.out, mask, ref.out]);
  });

  it.each([[5, 0], [3, 11], [4, 17]])('starts at an offset not on a block boundary (start %i, N %i) with ALiBi bias', (start, extra) => {
    const N = 9 + extra;
    const rng = new Rng(start * 31 + N);
    const { q, k, v } = randomQkv(rng, 1, N);
    const enc = alibi();
    const bias = (qs: number, ql: number, ks: number, kl: number) => enc.scoreBias!(H, qs, ql, ks, kl);
    const fast = bca(w).attend({ q, k, v, qStart: start, kStart: start, bias });
    const ref = tf.tidy(() => denseAttention(q, k, v, maskFromPredicate(start, N, start, N, allowed).add(bias(start, N, start, N))).out);
    expect(maxAbsDiff(fast.out, ref)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, fast.out, ref]);
  });

  it.each([3, 13, 21])('equals dense attention with the BCA mask for N = %i when scores are asked for (block loop)', (N) => {
    const rng = new Rng(N);
    const { q, k, v } = randomQkv(rng, 2, N);
    const fast = bca(w).attend({ q, k, v, qStart: 0, kStart: 0, wantScores: true });
    const mask = maskFromPredicate(0, N, 0, N, allowed);
    const ref = denseAttention(q, k, v, mask, true);
    expect(maxAbsDiff(fast.out, ref.out)).toBeLessThan(1e-5);
    expect(fast.scores!.shape).toEqual([2, H, N, N]);
    expect(maxAbsDiff(fast.scores!, ref.scores!)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, fast.out, fast.scores!, mask, ref.out, ref.scores!]);
  });

  it('handles ALiBi bias on sub-ranges and queries after the first key (KV cache)', () => {
    const rng = new Rng(1);
    const Tk = 19;
    const qStart = 11;
    const Tq = Tk - qStart;
    const { q, k, v } = randomQkv(rng, 1, Tq, Tk);
    const enc = alibi();
    const bias = (qs: number, ql: number, ks: number, kl: number) => enc.scoreBias!(H, qs, ql, ks, kl);
    const fast = bca(w).attend({ q, k, v, qStart, kStart: 0, bias });
    const ref = tf.tidy(() => {
      const additive = maskFromPredicate(qStart, Tq, 0, Tk, allowed).add(bias(qStart, Tq, 0, Tk));
      return denseAttention(q, k, v, additive).out;
    });
    expect(maxAbsDiff(fast.out, ref)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, fast.out, ref]);
  });

  it('differs from full causal attention once N exceeds w (the pattern is not a no-op)', () => {
    const rng = new Rng(2);
    const N = 20;
    const { q, k, v } = randomQkv(rng, 1, N);
    const fast = bca(w).attend({ q, k, v, qStart: 0, kStart: 0 });
    const full = denseAttention(q, k, v, maskFromPredicate(0, N, 0, N, (n, m) => m <= n));
    expect(maxAbsDiff(fast.out, full.out)).toBeGreaterThan(1e-3);
    // Up to w positions every query sees its whole past: identical there.
    expect(maxAbsDiff(fast.out.slice([0, 0, 0, 0], [-1, -1, w, -1]), full.out.slice([0, 0, 0, 0], [-1, -1, w, -1]))).toBeLessThan(1e-5);
    tf.dispose([q, k, v, fast.out, full.out]);
  });

  it('has the same gradients as dense masked attention on wasm', () => {
    const rng = new Rng(3);
    const N = 13;
    const { q, k, v } = randomQkv(rng, 1, N);
    const mask = maskFromPredicate(0, N, 0, N, allowed);
    const gradsOf = (f: (q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D) => tf.Tensor4D) =>
      tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => f(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D).square().sum())([q, k, v]);
    const fast = gradsOf((a, b, c) => bca(w).attend({ q: a, k: b, v: c, qStart: 0, kStart: 0 }).out);
    const ref = gradsOf((a, b, c) => denseAttention(a, b, c, mask).out);
    fast.forEach((g, i) => expect(maxAbsDiff(g, ref[i]!)).toBeLessThan(1e-4));
    tf.dispose([q, k, v, mask, ...fast, ...ref]);
  });
});

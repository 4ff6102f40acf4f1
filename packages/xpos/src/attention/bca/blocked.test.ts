import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { denseAttention, initBackend, maskFromPredicate, Rng } from '@lmkit/tensor';
import { bcaBlocked, defaultChunkBlocks } from './blocked.js';
import { bca } from './bca.js';
import { bcaAllowed } from './geometry.js';
import { alibi } from '../../position/alibi.js';

beforeAll(async () => {
  await initBackend();
});

const H = 2;
const dh = 4;
const w = 8; // blocks of 4
const b = w / 2;

function qkv(seed: number, batch: number, n: number): tf.Tensor4D[] {
  const rng = new Rng(seed);
  return [0, 1, 2].map(() => tf.tensor4d(rng.normalArray(batch * H * n * dh), [batch, H, n, dh]));
}

function maxAbsDiff(a: tf.Tensor, c: tf.Tensor): number {
  return tf.tidy(() => a.sub(c).abs().max().dataSync()[0]!);
}

/** Dense attention with the BCA mask over positions start … start+n−1 (plus an optional bias). */
function reference(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, start: number, bias?: tf.Tensor): tf.Tensor4D {
  return tf.tidy(() => {
    const n = q.shape[2];
    const mask = maskFromPredicate(start, n, start, n, (i, j) => bcaAllowed(i, j, w));
    return denseAttention(q, k, v, bias ? mask.add(bias) : mask).out;
  });
}

describe('bcaBlocked in chunks', () => {
  it('picks as many blocks per chunk as keep a chunk\'s scores at 2^20 elements', () => {
    // B·H·b·2b = 1·2·256·512 = 262,144 elements per block → 4 blocks; 2·2·4·8 = 128 → 8,192.
    expect(defaultChunkBlocks({ B: 1, H: 2, b: 256 })).toBe(4);
    expect(defaultChunkBlocks({ B: 1, H: 8, b: 1024 })).toBe(1); // one block exceeds the budget: still 1
    expect(defaultChunkBlocks({ B: 2, H: 2, b: 4 })).toBe(8192);
  });

  it.each([
    [1, 0, 13],
    [2, 0, 21],
    [3, 0, 32],
    [2, 5, 14],
    [1, 3, 9],
    [2, 8, 15],
  ])('chunks of %i blocks (start %i, N %i) equal dense attention with the BCA mask', (chunk, start, n) => {
    const [q, k, v] = qkv(10 * chunk + n, 2, n) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const out = bcaBlocked(q, k, v, start, b, undefined, chunk);
    const ref = reference(q, k, v, start);
    expect(out.shape).toEqual([2, H, n, dh]);
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, out, ref]);
  });

  it('matches the one-piece pass with an ALiBi bias on every chunk', () => {
    const n = 27;
    const start = 6;
    const [q, k, v] = qkv(7, 1, n) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const enc = alibi();
    const bias = (qs: number, ql: number, ks: number, kl: number) => enc.scoreBias!(H, qs, ql, ks, kl);
    const chunked = bcaBlocked(q, k, v, start, b, bias, 2);
    const whole = bcaBlocked(q, k, v, start, b, bias, 1000);
    const ref = reference(q, k, v, start, bias(start, n, start, n));
    expect(maxAbsDiff(chunked, ref)).toBeLessThan(1e-5);
    expect(maxAbsDiff(chunked, whole)).toBeLessThan(1e-6);
    tf.dispose([q, k, v, chunked, whole, ref]);
  });

  it.each([
    [1, 0, 18, false],
    [2, 5, 23, false],
    [3, 6, 17, false], // r = 2 and padding at the end, 3 sequences
    [2, 5, 23, true], // a bias while recording gradients runs in one piece instead
  ])('has the gradients of dense masked attention in chunks of 2 (batch %i, start %i, N %i, ALiBi %s)', (batch, start, n, withBias) => {
    const [q, k, v] = qkv(3 + n, batch, n) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const enc = alibi();
    const bias = withBias ? (qs: number, ql: number, ks: number, kl: number) => enc.scoreBias!(H, qs, ql, ks, kl) : undefined;
    // A weighted loss so every output element gets a different upstream gradient.
    const weights = tf.tensor4d(new Rng(9).normalArray(batch * H * n * dh), [batch, H, n, dh]);
    const gradsOf = (f: (a: tf.Tensor4D, c: tf.Tensor4D, e: tf.Tensor4D) => tf.Tensor4D) =>
      tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => f(a as tf.Tensor4D, c as tf.Tensor4D, e as tf.Tensor4D).mul(weights).sum())([q, k, v]);
    const fast = gradsOf((a, c, e) => bcaBlocked(a, c, e, start, b, bias, 2));
    const ref = gradsOf((a, c, e) => reference(a, c, e, start, bias?.(start, n, start, n)));
    fast.forEach((g, i) => {
      expect(g.shape).toEqual(ref[i]!.shape);
      expect(maxAbsDiff(g, ref[i]!)).toBeLessThan(1e-4);
      // Not trivially zero: the loss depends on every input.
      expect(tf.tidy(() => g.abs().sum().dataSync()[0]!)).toBeGreaterThan(1e-2);
    });
    tf.dispose([q, k, v, weights, ...fast, ...ref]);
  });

  it('runs a biased pass in one piece while gradients are recorded, so a trainable bias gets its gradient', () => {
    const n = 17;
    const [q, k, v] = qkv(5, 1, n) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    // A bias that depends on a variable: slope · (key − query) per head, like a learned ALiBi.
    const slope = tf.variable(tf.tensor1d([0.3, -0.2]));
    const bias = (qs: number, ql: number, ks: number, kl: number): tf.Tensor3D =>
      tf.tidy(() => {
        const dist = tf.range(ks, ks + kl).reshape([1, kl]).sub(tf.range(qs, qs + ql).reshape([ql, 1]));
        return slope.reshape([H, 1, 1]).mul(dist) as tf.Tensor3D;
      });
    const gradOf = (f: () => tf.Tensor4D) => tf.variableGrads(() => f().square().sum() as tf.Scalar, [slope]).grads[slope.name]!;
    const fast = gradOf(() => bcaBlocked(q, k, v, 0, b, bias, 1));
    const ref = gradOf(() => reference(q, k, v, 0, bias(0, n, 0, n)));
    expect(maxAbsDiff(fast, ref)).toBeLessThan(1e-3 * Math.max(1, tf.tidy(() => ref.abs().max().dataSync()[0]!)));
    expect(tf.tidy(() => ref.abs().sum().dataSync()[0]!)).toBeGreaterThan(1e-3);
    tf.dispose([q, k, v, slope, fast, ref]);
  });

  it('bca() itself takes the chunked path on long inputs and still equals dense attention', () => {
    // w = 512: blocks of 256, B·H·b·2b = 262,144 → 4 blocks per chunk; N = 1,100 has 5 blocks.
    const n = 1100;
    expect(defaultChunkBlocks({ B: 1, H, b: 256 })).toBeLessThan(Math.ceil(n / 256));
    const [q, k, v] = qkv(11, 1, n) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const out = bca(512).attend({ q, k, v, qStart: 0, kStart: 0 }).out;
    const ref = tf.tidy(() => denseAttention(q, k, v, maskFromPredicate(0, n, 0, n, (i, j) => bcaAllowed(i, j, 512))).out);
    expect(maxAbsDiff(out, ref)).toBeLessThan(1e-5);
    tf.dispose([q, k, v, out, ref]);
  });

  it('rejects a chunk size that is not a whole number of blocks', () => {
    const [q, k, v] = qkv(1, 1, 9) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    for (const bad of [0, 1.5, -2]) {
      expect(() => bcaBlocked(q, k, v, 0, b, undefined, bad)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    }
    tf.dispose([q, k, v]);
  });

  it('leaves no tensors behind, forward or backward', () => {
    const [q, k, v] = qkv(4, 1, 20) as [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D];
    const before = tf.memory().numTensors;
    const out = bcaBlocked(q, k, v, 0, b, undefined, 2);
    expect(tf.memory().numTensors).toBe(before + 1);
    out.dispose();
    const grads = tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => bcaBlocked(a as tf.Tensor4D, c as tf.Tensor4D, e as tf.Tensor4D, 0, b, undefined, 2).sum())([q, k, v]);
    expect(tf.memory().numTensors).toBe(before + 3);
    tf.dispose([q, k, v, ...grads]);
  });
});

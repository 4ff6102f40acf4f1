import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { maxRelError } from '@lmkit/test-utils';
import { initBackend } from '../backend/init.js';
import { Rng } from '../random/rng.js';
import { denseAttention } from './dense.js';
import { fusedCausalAttention } from './fused.js';
import { causalMask } from './mask.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** Relative error of tensor `a` against `b` over all entries. */
const relErr = (a: tf.Tensor, b: tf.Tensor): number => maxRelError(a.dataSync(), b.dataSync());

describe('fusedCausalAttention (wasm kernel)', () => {
  // [B, H, Tq, Tk, dh, qStart, kStart, bias heads (0 none, 1 shared [Tq, Tk], H per head)]
  const cases: [number, number, number, number, number, number, number, number][] = [
    [2, 3, 13, 13, 8, 0, 0, 0], // rows with 1…13 keys: every SIMD tail length
    [1, 2, 16, 16, 16, 0, 0, 2],
    [2, 2, 5, 11, 4, 6, 0, 0], // queries after a cache of 6 keys
    [1, 4, 7, 9, 12, 5, 3, 1], // keys starting at 3, a shared [Tq, Tk] bias
    [1, 1, 1, 6, 32, 5, 0, 0], // one decoding step
  ];
  it('matches dense attention with the causal mask: values and gradients of q, k, v and the bias', () => {
    const rng = new Rng(7);
    for (const [B, H, Tq, Tk, dh, qStart, kStart, biasHeads] of cases) {
      const t = (shape: number[], std = 1) => tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1), std), shape);
      const q = t([B, H, Tq, dh], 1.5);
      const k = t([B, H, Tk, dh], 1.5);
      const v = t([B, H, Tk, dh]);
      const r = t([B, H, Tq, dh]);
      const bias = biasHeads === 0 ? null : biasHeads === 1 ? t([Tq, Tk]) : t([H, Tq, Tk]);
      const before = tf.memory().numTensors;
      const fused = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d?: tf.Tensor) =>
        fusedCausalAttention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, qStart, kStart, d)!.mul(r).sum();
      const dense = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor, d?: tf.Tensor) =>
        tf.tidy(() => {
          const mask = causalMask(qStart, Tq, kStart, Tk);
          return denseAttention(a as tf.Tensor4D, b as tf.Tensor4D, c as tf.Tensor4D, d ? mask.add(d) : mask).out.mul(r).sum();
        });
      const inputs = bias ? [q, k, v, bias] : [q, k, v];
      const gf = tf.grads(fused as (...x: tf.Tensor[]) => tf.Tensor)(inputs);
      const gd = tf.grads(dense as (...x: tf.Tensor[]) => tf.Tensor)(inputs);
      const outF = fusedCausalAttention(q as tf.Tensor4D, k as tf.Tensor4D, v as tf.Tensor4D, qStart, kStart, bias ?? undefined)!;
      const outD = tf.tidy(() => denseAttention(q as tf.Tensor4D, k as tf.Tensor4D, v as tf.Tensor4D, bias ? causalMask(qStart, Tq, kStart, Tk).add(bias) : causalMask(qStart, Tq, kStart, Tk)).out);
      // float32 with different summation orders and a polynomial exp (~1 ulp): 1e-5 of the largest
      // entry; a wrong mask, scale or transpose is off by order 1.
      expect(relErr(outF, outD)).toBeLessThan(1e-5);
      gf.forEach((g, i) => expect(relErr(g, gd[i]!), `case ${[B, H, Tq, Tk, dh, qStart, kStart, biasHeads]} input ${i}`).toBeLessThan(2e-5));
      tf.dispose([...gf, ...gd, outF, outD]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([q, k, v, r, ...(bias ? [bias] : [])]);
    }
  });

  it('declines what it cannot compute, so callers use the dense path', () => {
    const z = (s: [number, number, number, number]) => tf.zeros(s) as tf.Tensor4D;
    const [q, k] = [z([1, 1, 4, 6]), z([1, 1, 4, 6])];
    expect(fusedCausalAttention(q, k, k, 0, 0)).toBeNull(); // dh = 6
    const [q4, k4] = [z([1, 1, 4, 8]), z([1, 1, 4, 8])];
    expect(fusedCausalAttention(q4, k4, k4, 0, 2)).toBeNull(); // keys after the queries
    const bias = tf.zeros([3, 4, 4]);
    expect(fusedCausalAttention(q4, k4, k4, 0, 0, bias)).toBeNull(); // 3 bias heads, 1 head
    tf.dispose([q, k, q4, k4, bias]);
  });
});

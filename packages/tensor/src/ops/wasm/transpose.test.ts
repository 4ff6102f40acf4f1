import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend/init.js';
import { Rng } from '../../random/rng.js';
import { blockSwap } from './transpose.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** out[idx permuted] = x[idx], by plain index arithmetic (row-major). */
function referenceTranspose(data: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const n = data.length;
  const out = new Array<number>(n);
  const idx = new Array<number>(shape.length).fill(0);
  for (let o = 0; o < n; o++) {
    let rest = o;
    for (let i = outShape.length - 1; i >= 0; i--) {
      idx[perm[i]!] = rest % outShape[i]!;
      rest = Math.floor(rest / outShape[i]!);
    }
    out[o] = data[idx.reduce((s, v, i) => s + v * strides[i]!, 0)]!;
  }
  return out;
}

describe('blockSwap', () => {
  it('reduces block-swapping permutations to [A, B, C, D] and rejects the others', () => {
    expect(blockSwap([2, 3, 4, 5], [0, 2, 1, 3])).toEqual([2, 3, 4, 5]);
    expect(blockSwap([6, 7], [1, 0])).toEqual([1, 6, 7, 1]);
    expect(blockSwap([8, 16, 4], [1, 2, 0])).toEqual([1, 8, 64, 1]);
    expect(blockSwap([8, 16, 4], [2, 0, 1])).toEqual([1, 128, 4, 1]);
    expect(blockSwap([3, 8, 16, 4], [0, 1, 3, 2])).toEqual([24, 16, 4, 1]);
    expect(blockSwap([2, 3, 4], [0, 1, 2])).toBeNull();
    expect(blockSwap([2, 3, 4], [2, 1, 0])).toBeNull();
    expect(blockSwap([2, 3, 4, 5], [1, 0, 3, 2])).toBeNull();
  });
});

describe('fast Transpose kernel on wasm', () => {
  it('is byte-identical to index arithmetic for float32 and int32, block swaps and other permutations', () => {
    const rng = new Rng(3);
    const cases: [number[], number[]][] = [
      [[37, 53], [1, 0]], // edges in both directions
      [[64, 32], [1, 0]],
      [[1, 5], [1, 0]],
      [[3, 9, 6], [0, 2, 1]],
      [[4, 7, 3, 5], [0, 2, 1, 3]], // head split: rows of 5 move
      [[4, 7, 3, 16], [0, 2, 1, 3]],
      [[6, 10, 12], [1, 2, 0]],
      [[6, 10, 12], [1, 0, 2]],
      [[2, 3, 33, 35], [0, 1, 3, 2]],
      [[2, 3, 4, 5], [1, 0, 3, 2]], // not a block swap: original kernel
      [[3, 4, 5], [2, 1, 0]],
      [[0, 4], [1, 0]],
    ];
    for (const [shape, perm] of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      const floats = Array.from(rng.normalArray(n));
      const ints = floats.map((v) => Math.round(v * 1000));
      for (const [data, dtype] of [[floats, 'float32'], [ints, 'int32']] as const) {
        const x = tf.tensor(data, shape, dtype);
        const y = tf.transpose(x, perm);
        expect(y.shape).toEqual(perm.map((p) => shape[p]));
        const want = dtype === 'float32' ? Array.from(new Float32Array(referenceTranspose(data, shape, perm))) : referenceTranspose(data, shape, perm);
        expect(Array.from(y.dataSync())).toEqual(want);
        tf.dispose([x, y]);
      }
    }
  });

  it('keeps gradients and frees its temporaries', () => {
    const x = tf.tensor3d(Array.from({ length: 24 }, (_, i) => i), [2, 3, 4]);
    const w = tf.tensor3d(Array.from({ length: 24 }, (_, i) => (i * 7) % 5), [4, 2, 3]);
    const before = tf.memory().numTensors;
    const g = tf.grad((a: tf.Tensor) => tf.transpose(a, [2, 0, 1]).mul(w).sum())(x);
    // d/dx Σ transpose(x)·w = wᵀ (inverse permutation).
    const want = tf.tidy(() => Array.from(tf.transpose(w, [1, 2, 0]).dataSync()));
    expect(Array.from(g.dataSync())).toEqual(want);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w]);
  });
});

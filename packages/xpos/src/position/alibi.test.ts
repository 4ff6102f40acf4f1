import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lmkit/tensor';
import { alibi, alibiSlopes } from './alibi.js';

beforeAll(async () => {
  await initBackend();
});

describe('alibiSlopes', () => {
  it('8 heads: 1/2, 1/4, …, 1/256 (ALiBi paper §3)', () => {
    const expected = [1 / 2, 1 / 4, 1 / 8, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256];
    alibiSlopes(8).forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 15));
  });

  it('12 heads: the 8-head slopes, then 2^-0.5, 2^-1.5, 2^-2.5, 2^-3.5 (every other 16-head slope)', () => {
    const expected = [
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((k) => Math.pow(2, -k)),
      Math.SQRT1_2,
      Math.SQRT1_2 / 2,
      Math.SQRT1_2 / 4,
      Math.SQRT1_2 / 8,
    ];
    const got = alibiSlopes(12);
    expect(got).toHaveLength(12);
    got.forEach((s, i) => expect(s).toBeCloseTo(expected[i]!, 15));
  });

  it('geometric slopes: first·ratio^h, e.g. 1, 1/4, 1/16, 1/64 (4× the paper\'s 4-head slopes)', () => {
    expect(alibiSlopes(4, { first: 1, ratio: 1 / 4 })).toEqual([1, 1 / 4, 1 / 16, 1 / 64]);
    expect(alibiSlopes(4).map((s) => 4 * s)).toEqual([1, 1 / 4, 1 / 16, 1 / 64]);
  });

  it('rejects a non-positive head count', () => {
    expect(() => alibiSlopes(0)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
  });
});

describe('alibi bias', () => {
  it('is −slope·(n − m) for each head over an offset sub-range', () => {
    const b = alibi().scoreBias!(2, 10, 2, 7, 4);
    const arr = b.arraySync();
    // Head 0 slope 2^-4 = 1/16 for 2 heads (2^(−8/2)), head 1 slope 1/256.
    expect(arr[0]![0]![0]).toBeCloseTo(-(10 - 7) / 16, 6);
    expect(arr[0]![1]![3]).toBeCloseTo(-(11 - 10) / 16, 6);
    expect(arr[1]![1]![0]).toBeCloseTo(-(11 - 7) / 256, 6);
    expect(b.shape).toEqual([2, 2, 4]);
    tf.dispose(b);
  });

  it('with geometric slopes: −first·ratio^h·|n − m|, described so a checkpoint can recreate it', () => {
    const enc = alibi({ slopes: { first: 1, ratio: 0.25 } });
    const b = enc.scoreBias!(2, 5, 1, 0, 7);
    expect(Array.from(b.dataSync())).toEqual([-5, -4, -3, -2, -1, -0, -1, -5 / 4, -1, -3 / 4, -1 / 2, -1 / 4, -0, -1 / 4]);
    expect(enc.describe()).toEqual({ name: 'alibi', first: 1, ratio: 0.25 });
    expect(alibi().describe()).toEqual({ name: 'alibi' });
    expect(() => alibi({ slopes: { first: 0, ratio: 1 } })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    tf.dispose(b);
  });
});

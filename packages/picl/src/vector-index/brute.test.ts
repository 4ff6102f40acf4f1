import { describe, expect, it } from 'vitest';
import { BruteForceIndex } from './brute.js';
import { topK } from './topk.js';

const v = (...x: number[]): Float32Array => Float32Array.from(x);

describe('topK', () => {
  it('returns the k largest, best first, ties to the lower index, skipping exclude', () => {
    expect(topK([0.1, 0.9, 0.5, 0.9, 0.3], 3)).toEqual([
      { label: 1, score: 0.9 },
      { label: 3, score: 0.9 },
      { label: 2, score: 0.5 },
    ]);
    expect(topK([0.1, 0.9, 0.5], 2, 1).map((h) => h.label)).toEqual([2, 0]);
  });
});

describe('BruteForceIndex', () => {
  const idx = new BruteForceIndex(3, [v(1, 0, 0), v(0, 1, 0), v(0.6, 0.8, 0), v(0, 0, 1)]);
  it('gives exact inner-product neighbours on hand-made vectors', () => {
    const hits = idx.search(v(0.8, 0.6, 0), 3);
    expect(hits.map((h) => h.label)).toEqual([2, 0, 1]);
    expect(hits[0]!.score).toBeCloseTo(0.96, 6);
    expect(hits[1]!.score).toBeCloseTo(0.8, 6);
    expect(hits[2]!.score).toBeCloseTo(0.6, 6);
  });
  it('adds incrementally with labels continuing from size', () => {
    const i2 = new BruteForceIndex(2);
    i2.add([v(1, 0)]);
    i2.add([v(0, 1), v(0.7, 0.7)]);
    expect(i2.size()).toBe(3);
    expect(i2.search(v(0, 1), 1)[0]!.label).toBe(1);
    expect(Array.from(i2.vector(2))).toEqual([Math.fround(0.7), Math.fround(0.7)]); // stored as float32
  });
  it('throws typed errors for dimension mismatch and k > size', () => {
    expect(() => idx.search(v(1, 0), 1)).toThrow(expect.objectContaining({ code: 'LMKIT_DIM_MISMATCH' }));
    expect(() => idx.add([v(1, 0)])).toThrow(expect.objectContaining({ code: 'LMKIT_DIM_MISMATCH' }));
    expect(() => idx.search(v(1, 0, 0), 5)).toThrow(expect.objectContaining({ code: 'LMKIT_K_TOO_LARGE' }));
  });
});

import { Rng } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { normalize } from '../encode/types.js';
import { BruteForceIndex } from './brute.js';
import { exactSearchBatch } from './exact-batch.js';

describe('exactSearchBatch', () => {
  it('gives the exact top-k of every query, merged across blocks, like BruteForceIndex', () => {
    const rng = new Rng(3);
    const data = Array.from({ length: 1000 }, () => normalize(Float32Array.from(rng.normalArray(16))));
    const queries = Array.from({ length: 12 }, () => normalize(Float32Array.from(rng.normalArray(16))));
    const exact = new BruteForceIndex(16, data);
    // Blocks of 97 rows: the top 10 of each query is assembled from 11 blocks.
    const got = exactSearchBatch(queries, exact.matrix(), 16, 10, 97);
    queries.forEach((q, i) => {
      const want = exact.search(q, 10);
      expect(got[i]!.map((h) => h.label)).toEqual(want.map((h) => h.label));
      got[i]!.forEach((h, j) => expect(h.score).toBeCloseTo(want[j]!.score, 5));
    });
    expect(() => exactSearchBatch(queries, exact.matrix(), 16, 1001)).toThrow(/larger than the index/);
  });
});

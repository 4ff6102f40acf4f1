import { initBackend, Rng } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { normalize } from '../encode/types.js';
import { BruteForceIndex } from './brute.js';
import { exactSearchBatch } from './exact-batch.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

describe('exactSearchBatch', () => {
  const rng = new Rng(3);
  const data = Array.from({ length: 1000 }, () => normalize(Float32Array.from(rng.normalArray(16))));
  const queries = Array.from({ length: 12 }, () => normalize(Float32Array.from(rng.normalArray(16))));
  const exact = new BruteForceIndex(16, data);

  it('gives the exact top-k of every query, merged across query and vector blocks, like BruteForceIndex', () => {
    // Blocks of 97 vectors and 5 queries: the top 10 of each query is assembled from 11 blocks.
    for (const options of [{ blockRows: 97, queryRows: 5 }, {}]) {
      const got = exactSearchBatch(queries, exact.matrix(), 16, 10, options);
      queries.forEach((q, i) => {
        const want = exact.search(q, 10);
        expect(got[i]!.map((h) => h.label)).toEqual(want.map((h) => h.label));
        got[i]!.forEach((h, j) => expect(h.score).toBeCloseTo(want[j]!.score, 5));
      });
    }
    expect(() => exactSearchBatch(queries, exact.matrix(), 16, 1001)).toThrow(/larger than the index/);
    expect(() => exactSearchBatch([Float32Array.of(1)], exact.matrix(), 16, 1)).toThrow(expect.objectContaining({ code: 'LMKIT_DIM_MISMATCH' }));
  });

  it('leaves out each query’s excluded label (its own vector) and keeps ties on the lower label across blocks', () => {
    const self = [3, 500, 999];
    const got = exactSearchBatch(self.map((i) => data[i]!), exact.matrix(), 16, 5, { blockRows: 64, queryRows: 2, exclude: self });
    self.forEach((p, i) => expect(got[i]!.map((h) => h.label)).toEqual(exact.searchExcluding(data[p]!, 5, p).map((h) => h.label)));
    // Four copies of one vector, in different blocks: equal scores come back in label order.
    const v = (x: number, y: number) => Float32Array.of(x, y);
    const m = new BruteForceIndex(2, [v(0, 1), v(1, 0), v(0, 1), v(0.6, 0.8), v(0, 1), v(1, 0), v(0, 1)]).matrix();
    const tie = exactSearchBatch([v(0, 1)], m, 2, 5, { blockRows: 2 })[0]!;
    expect(tie.map((h) => h.label)).toEqual([0, 2, 4, 6, 3]);
    expect(tie.map((h) => h.score)).toEqual([1, 1, 1, 1, Math.fround(0.8)]);
  });
});

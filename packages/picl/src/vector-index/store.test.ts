import { describe, expect, it } from 'vitest';
import { BruteForceIndex } from './brute.js';
import { recallAtK, storeFromIndex } from './store.js';

describe('storeFromIndex / recallAtK', () => {
  it('serves an in-memory index through the async store interface, with the same hits', async () => {
    const store = storeFromIndex(new BruteForceIndex(2));
    expect(store.kind).toBe('exact');
    await store.add([Float32Array.of(1, 0), Float32Array.of(0, 1), Float32Array.of(0.6, 0.8)]);
    expect(store.size()).toBe(3);
    expect(await store.search(Float32Array.of(1, 0), 2)).toEqual([
      { label: 0, score: 1 },
      { label: 2, score: expect.closeTo(0.6, 6) },
    ]);
    expect((await store.searchMany([Float32Array.of(0, 1)], 1))[0]).toEqual([{ label: 1, score: 1 }]);
  });

  it('counts the share of exact labels found (hand-computed)', () => {
    const h = (...labels: number[]) => labels.map((label) => ({ label, score: 0 }));
    // 2 of 3 found for the first query, 1 of 1 for the second: 3 / 4.
    expect(recallAtK([h(1, 2, 9), h(4)], [h(1, 2, 3), h(4)])).toBe(0.75);
    expect(recallAtK([], [])).toBe(1);
  });
});

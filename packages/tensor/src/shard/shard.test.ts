import { describe, expect, it } from 'vitest';
import { parseShard, shardPositions, shardRange } from './shard.js';

describe('shards', () => {
  it('parses k/n and rejects anything else with LMKIT_BAD_ARGUMENT', () => {
    expect(parseShard(' 2/4 ')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/4', '5/4', 'a/b', '2', '1/0', '-1/3']) {
      expect(() => parseShard(bad)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT', message: expect.stringMatching(/k\/n with 1 ≤ k ≤ n/) }));
    }
  });

  it('round-robin positions partition 0 … total−1', () => {
    expect(shardPositions(7, { index: 2, count: 3 })).toEqual([1, 4]);
    const all = [1, 2, 3].flatMap((index) => shardPositions(10, { index, count: 3 })).sort((a, b) => a - b);
    expect(all).toEqual(shardPositions(10));
  });

  it('contiguous ranges concatenate to the whole', () => {
    expect([1, 2, 3].map((index) => shardRange(10, { index, count: 3 }))).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
    expect(shardRange(5)).toEqual({ from: 0, to: 5 });
  });
});

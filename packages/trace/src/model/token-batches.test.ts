import { Rng } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import type { EncodedExample } from './examples.js';
import { fitCurriculum, MIXED_CURRICULUM, mixtureBatch, NAIVE_CURRICULUM, phaseAt } from './mixture.js';
import { LengthPool } from './token-batches.js';

const example = (len: number, tag: number): EncodedExample => ({ ids: Array.from({ length: len }, (_, i) => (i === 0 ? tag : 1)), promptLength: 1, truncated: false });

describe('token-budget batches', () => {
  const pool = new LengthPool('p', [...Array.from({ length: 100 }, (_, i) => example(10 + (i % 5), i)), ...Array.from({ length: 20 }, (_, i) => example(200, 1000 + i))]);

  it('fills the budget with neighbours in length: padded size ≤ budget, and short programs come many to a batch', () => {
    const r = new Rng(3);
    for (let t = 0; t < 200; t++) {
      const b = pool.sample(r, 400);
      const longest = Math.max(...b.map((e) => e.ids.length));
      expect(b.length * longest <= 400 || b.length === 1).toBe(true);
      if (longest <= 14) expect(b.length).toBeGreaterThanOrEqual(400 / 14 - 1);
      expect(new Set(b.map((e) => e.ids[0])).size).toBe(b.length); // no example twice
    }
    expect(pool.sample(new Rng(1), 50).length).toBeGreaterThanOrEqual(1); // an example longer than the budget still comes alone
    expect(() => new LengthPool('empty', [])).toThrow(/no examples/);
  });
});

describe('curriculum mixture', () => {
  it('phases split the steps; the naive curriculum uses one source per phase, the mixed one keeps earlier ones', () => {
    expect(phaseAt(NAIVE_CURRICULUM, 0, 100).name).toBe('singleline');
    expect(phaseAt(NAIVE_CURRICULUM, 30, 100).name).toBe('tutorial');
    expect(phaseAt(NAIVE_CURRICULUM, 99, 100).name).toBe('mutants');
    expect(Object.keys(phaseAt(MIXED_CURRICULUM, 90, 100).weights).sort()).toEqual(['mutants', 'singleline', 'tutorial']);
  });

  it('drops sources without data and merges emptied phases', () => {
    const f = fitCurriculum(NAIVE_CURRICULUM, new Set(['singleline', 'tutorial']));
    expect(f.map((p) => [p.name, p.until])).toEqual([
      ['singleline', 0.3],
      ['tutorial', 1],
    ]);
    expect(fitCurriculum(MIXED_CURRICULUM, new Set(['singleline'])).map((p) => p.weights)).toEqual([{ singleline: 1 }, { singleline: 0.3 }, { singleline: 0.2 }]);
    expect(() => fitCurriculum(MIXED_CURRICULUM, new Set())).toThrow(/no training data/);
  });

  it('draws each step from the weights, deterministically in (seed, step)', () => {
    const pools = new Map([
      ['singleline', new LengthPool('singleline', Array.from({ length: 50 }, (_, i) => example(8, i)))],
      ['tutorial', new LengthPool('tutorial', Array.from({ length: 50 }, (_, i) => example(40, 100 + i)))],
      ['mutants', new LengthPool('mutants', Array.from({ length: 50 }, (_, i) => example(40, 200 + i)))],
    ]);
    const a = mixtureBatch(pools, MIXED_CURRICULUM, 700, 1000, 5, 160);
    const b = mixtureBatch(pools, MIXED_CURRICULUM, 700, 1000, 5, 160);
    expect(a).toEqual(b);
    const counts: Record<string, number> = {};
    for (let s = 250; s < 750; s++) {
      const { source } = mixtureBatch(pools, MIXED_CURRICULUM, s, 1000, 5, 160);
      counts[source] = (counts[source] ?? 0) + 1;
    }
    expect(counts.mutants).toBeUndefined();
    expect(counts.tutorial! / 500).toBeGreaterThan(0.6); // weight 0.7
    expect(counts.tutorial! / 500).toBeLessThan(0.8);
    for (let s = 0; s < 250; s++) expect(mixtureBatch(pools, MIXED_CURRICULUM, s, 1000, 5, 160).source).toBe('singleline');
  });
});

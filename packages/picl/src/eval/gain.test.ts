import { initBackend, Transformer } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { spanLosses } from '../lm/losses.js';
import { SEP } from '../lm/tokens.js';
import { buildGainItems, measureGain, meanGainByK } from './gain.js';
import { meanCi, separated, tQuantile975 } from './stats.js';

beforeAll(async () => {
  await initBackend();
});

// Four tasks, 12 paragraphs each; paragraph j of task t has ids [40 + t, …] of length 3 + (j mod 5).
const paragraphs = [0, 1, 2, 3].flatMap((t) => Array.from({ length: 12 }, (_, j) => ({ task: `t${t}`, ids: Array.from({ length: 3 + (j % 5) }, (_, i) => 40 + t + (i % 3)) })));

describe('buildGainItems', () => {
  const items = buildGainItems(paragraphs, { queries: 10, maxK: 4, demoMaxTokens: 6, queryMaxTokens: 5, seed: 1 });
  it('pairs each same-task demonstration with an other-task paragraph of the same length', () => {
    expect(items).toHaveLength(10);
    for (const it of items) {
      expect(it.same).toHaveLength(4);
      expect(it.other.map((o) => o.length)).toEqual(it.same.map((s) => s.length));
      const t = Number(it.task.slice(1));
      for (const s of it.same) expect(s[0]).toBe(40 + t);
      for (const o of it.other) expect(o[0]).not.toBe(40 + t);
      expect(it.query.length).toBeLessThanOrEqual(5);
      for (const s of it.same) expect(s.length).toBeLessThanOrEqual(6);
    }
    // Round-robin over tasks.
    expect(items.slice(0, 4).map((i) => i.task)).toEqual(['t0', 't1', 't2', 't3']);
  });
  it('is deterministic in the seed', () => {
    expect(buildGainItems(paragraphs, { queries: 10, maxK: 4, demoMaxTokens: 6, queryMaxTokens: 5, seed: 1 })).toEqual(items);
  });
});

describe('measureGain', () => {
  it('scores the query after the first k demonstrations of each condition (k = 0 gives a gain of exactly 0)', () => {
    const model = new Transformer({ vocabSize: 48, dModel: 16, numHeads: 2, numLayers: 1, seed: 2 });
    const items = buildGainItems(paragraphs, { queries: 3, maxK: 2, demoMaxTokens: 6, queryMaxTokens: 5, seed: 3 });
    const m = measureGain(model, items, [0, 2], 2);
    const row = (demos: number[][], q: number[]): { row: number[]; start: number } => {
      const r: number[] = [];
      for (const d of demos) r.push(SEP, ...d);
      r.push(SEP);
      return { row: [...r, ...q], start: r.length };
    };
    items.forEach((it, i) => {
      const zero = m.find((x) => x.k === 0 && x === m[2 * i])!;
      expect(zero.other).toBe(zero.same);
      const two = m[2 * i + 1]!;
      const same = row(it.same.slice(0, 2), it.query);
      const other = row(it.other.slice(0, 2), it.query);
      expect(two.same).toBeCloseTo(spanLosses(model, [same.row], [same.start])[0]!, 5);
      expect(two.other).toBeCloseTo(spanLosses(model, [other.row], [other.start])[0]!, 5);
    });
    expect(meanGainByK(m, [0])).toEqual([0]);
    model.dispose();
  });
});

describe('meanCi', () => {
  it('is the Student-t interval (hand case) and needs two values', () => {
    // xs = 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.303 → ± 4.303/√3.
    const ci = meanCi([1, 2, 3]);
    expect(ci.mean).toBe(2);
    expect(ci.high! - 2).toBeCloseTo(4.303 / Math.sqrt(3), 12);
    expect(meanCi([5])).toEqual({ mean: 5, low: null, high: null, n: 1 });
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(100)).toBe(1.96);
    expect(separated(meanCi([1, 1.1, 0.9]), meanCi([3, 3.1, 2.9]))).toBe(true);
    expect(separated(meanCi([1, 2, 3]), meanCi([2, 3, 4]))).toBe(false);
  });
});

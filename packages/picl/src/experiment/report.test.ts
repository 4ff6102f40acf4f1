import { chartProblems } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import type { JobResult } from './jobs.js';
import { PAPER_NUMBERS } from './paper.js';
import { buildReport, filterSummary, gainCi, gainPerSeed, type PiclResults } from './report.js';
import { type CONDITIONS, QUICK_SETTINGS } from './settings.js';

/** A job whose gain at k is `base + k · slope` for every query (same = 3, other = 3 + gain), accuracy `acc` everywhere. */
function job(condition: (typeof CONDITIONS)[number], seed: number, slope: number, acc: number): JobResult {
  return {
    condition,
    seed,
    parameters: 1000,
    trainingTokens: 5000,
    finalLoss: 3,
    instancesUsed: condition === 'plain' ? null : 10,
    gain: [0, 2, 4, 8].flatMap((k) => [0, 1].map(() => ({ task: 't', k, same: 3, other: 3 + k * slope }))),
    probes: [{ step: 10, tokens: 1000, gain: slope }],
    fewShot: [{ task: 'topic', shots: 4, accuracy: acc, calibratedAccuracy: acc, queries: 10, chance: 0.25 }],
    ...(condition === 'plain' ? { filter: [{ retriever: 'picl-trained' as const, seed, deltas: [-0.3, -0.2, -0.1, 0.1, 0.2] }] } : {}),
  };
}

const results: PiclResults = {
  settings: { ...QUICK_SETTINGS, fewShot: { ...QUICK_SETTINGS.fewShot, shots: [4] } },
  seed: 1,
  corpus: { paragraphs: 10, tasks: 3, heldOutTasks: ['t'], trainParagraphs: 8, heldOutParagraphs: 2, vocabulary: 512, poolTokens: 900 },
  retrieverLosses: [],
  precision: [{ retriever: 'bm25', queries: 5, precision: { 1: 0.6, 5: 0.5, 20: 0.25 } }],
  precisionSeen: [],
  instances: { 'picl-trained': { instances: 5, meanDemos: 3, meanTokens: 100, minDemos: 2, maxDemos: 4 } },
  // Three seeds: the trained-retriever gain slope is 0.01 + 0.001·seed, plain 0.001·seed.
  jobs: [1, 2, 3].flatMap((seed) => [job('plain', seed, 0.001 * seed, 0.25), job('picl-trained', seed, 0.01 + 0.001 * seed, 0.5), job('picl-random', seed, 0, 0.25), job('picl-bm25', seed, 0.005, 0.25)]),
};

describe('buildReport', () => {
  const section = buildReport(results, 12);
  it('computes the in-context gain per seed and its t-interval over seeds', () => {
    expect(gainPerSeed(results, 'picl-trained', 8).map((x) => Number(x.toFixed(10)))).toEqual([0.088, 0.096, 0.104]);
    const ci = gainCi(results, 'picl-trained', 8);
    // Mean 0.096, sd 0.008, t(0.975, 2) = 4.303: half-width 4.303 · 0.008 / √3.
    expect(ci.mean).toBeCloseTo(0.096, 12);
    expect(ci.high! - ci.mean).toBeCloseTo((4.303 * 0.008) / Math.sqrt(3), 10);
    expect(ci.over).toBe('seeds');
    expect(gainCi(results, 'plain', 0).mean).toBe(0);
  });
  it('summarises the filter: kept fraction (Δ < 0) and the threshold that keeps 76%', () => {
    const f = filterSummary(results);
    expect(f).toHaveLength(3);
    expect(f[0]!.kept).toBeCloseTo(0.6, 12);
    // 76% of 5 → the 4th smallest Δ (0.1) is the threshold.
    expect(f[0]!.threshold76).toBeCloseTo(0.1, 12);
  });
  it('returns data, not Markdown: tables, comparisons shown in them, findings read off the numbers, readable charts', () => {
    expect(section.markdown).toBeUndefined();
    const ids = section.tables!.map((t) => t.id);
    for (const c of section.comparisons.filter((c) => c.shownIn)) expect(ids).toContain(c.shownIn);
    const fewshot = section.tables!.find((t) => t.id === 'fewshot')!;
    expect(fewshot.rows[1]).toMatchObject({ s4: 50, paper: PAPER_NUMBERS.table1FourShot.picl });
    expect(section.tables!.find((t) => t.id === 'precision-heldout')!.rows).toEqual([{ retriever: 'bm25', p1: 60, p5: 50, p20: 25 }]);
    expect(section.findings!.join(' ')).toMatch(/exceeds the plain model's with non-overlapping 95% CIs/);
    expect(section.findings!.join(' ')).toMatch(/PICL, trained retriever on topic \(50\.0% vs 25\.0%\)/);
    expect(section.charts.map((c) => c.id)).toEqual(['picl-gain', 'picl-gain-vs-tokens', 'picl-fewshot', 'picl-precision']);
    for (const c of section.charts) expect(chartProblems(c)).toEqual([]);
    expect(section.seconds).toBe(12);
  });
});

import { chartProblems } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { PAPER_NUMBERS } from './paper.js';
import { averageAccuracy, buildReport, type PiclResults } from './report.js';
import { QUICK_SETTINGS } from './settings.js';

const conds = ['plain', 'picl-trained', 'picl-random', 'picl-bm25'];
const results: PiclResults = {
  settings: QUICK_SETTINGS,
  corpus: { paragraphs: 10, tasks: 3, heldOutTasks: ['review:restaurant'], trainParagraphs: 8, heldOutParagraphs: 2 },
  retrieverLosses: [],
  precision: [{ retriever: 'bm25', queries: 5, precision: { 1: 0.6, 5: 0.5, 20: 0.25 } }],
  precisionSeen: [],
  instances: { 'picl-trained': { instances: 4, meanDemos: 3, meanTokens: 100, minDemos: 2, maxDemos: 4, keptFraction: 0.75, kept: 3, meanLossDelta: -0.1 } },
  finalTrainLoss: {},
  accuracy: conds.flatMap((c, ci) =>
    [0, 4, 8].flatMap((shots) => [
      { condition: c, shots, task: 't1', accuracy: 0.5 + ci / 10, queries: 10, chance: 0.5 },
      { condition: c, shots, task: 't2', accuracy: 0.3, queries: 10, chance: 0.25 },
    ]),
  ),
};

describe('buildReport', () => {
  const section = buildReport(results, 12);
  it('averages accuracy over tasks', () => {
    expect(averageAccuracy(results, 'picl-random', 4)).toBeCloseTo((0.7 + 0.3) / 2, 12);
  });
  it('puts our 4-shot averages beside Table 1 and the retriever ablation', () => {
    const byMetric = new Map(section.comparisons.map((c) => [c.metric, c]));
    const plain = [...byMetric.values()].find((c) => c.metric.includes('VanillaICL'))!;
    expect(plain.paper).toBe(PAPER_NUMBERS.table1FourShot.vanillaIcl);
    expect(plain.ours).toBeCloseTo(40, 10);
    const bm25 = [...byMetric.values()].find((c) => c.metric.includes('BM25 retrieval'))!;
    expect(bm25.paper).toBe(PAPER_NUMBERS.retrieverAblationFourShot.bm25);
    expect(bm25.ours).toBeCloseTo(100 * (0.8 + 0.3) / 2, 10);
    const kept = [...byMetric.values()].find((c) => c.metric.includes('kept'))!;
    expect(kept.ours).toBeCloseTo(75, 10);
    expect(kept.paper).toBeCloseTo(100 * PAPER_NUMBERS.filterKeptFraction, 10);
  });
  it('returns data, not Markdown: the precision table as rows, readable charts and a scale note', () => {
    expect(section.markdown).toBeUndefined();
    const precision = section.tables!.find((t) => t.id === 'precision-heldout')!;
    expect(precision.rows).toEqual([{ retriever: 'bm25', p1: 60, p5: 50, p20: 25 }]);
    const fewshot = section.tables!.find((t) => t.id === 'fewshot')!;
    expect(fewshot.rows[0]).toMatchObject({ s4: 40, paper: PAPER_NUMBERS.table1FourShot.vanillaIcl });
    for (const c of section.comparisons.filter((c) => c.shownIn)) expect(section.tables!.map((t) => t.id)).toContain(c.shownIn);
    expect(section.charts.map((c) => c.id)).toEqual(['picl-fewshot', 'picl-precision']);
    for (const c of section.charts) expect(chartProblems(c)).toEqual([]);
    expect(section.scaleNote).toMatch(/not the paper's/);
    expect(section.seconds).toBe(12);
  });
});

import { describe, expect, it } from 'vitest';
import { summarise, VARIANTS, type ExampleRecord } from '../analysis/icl-vs-ft.js';
import { PAPER_NUMBERS } from './paper.js';
import { chartProblems } from '@lmkit/tensor';
import { buildIclSection, ICL_TABLE_IDS } from './report.js';
import type { IclAnalysisResult } from './run.js';
import { QUICK_SETTINGS } from './settings.js';

function records(aou: number): ExampleRecord[] {
  const per = <T,>(x: T): Record<(typeof VARIANTS)[number], T> => Object.fromEntries(VARIANTS.map((v) => [v, x])) as Record<(typeof VARIANTS)[number], T>;
  return [0, 1, 2, 3].map((i) => ({
    zslCorrect: i === 0,
    correct: per({ icl: i < 3, upd: i < 2 }),
    simAou: per([aou, aou + 0.1]),
    simAmBefore: per([1, 0.5]),
    simAmAfter: per([1, 0.6]),
    noiseUniform01: [0.2, 0.2],
    noiseNormal: [0, 0],
    margins: { icl: 1, iclPermuted: 1, ft: 1, ftPermuted: 1 },
    preds: { icl: 0, iclPermuted: 0, ft: 0, ftPermuted: 0 },
  }));
}

describe('buildIclSection', () => {
  const result: IclAnalysisResult = {
    settings: QUICK_SETTINGS,
    seed: 1,
    vocabSize: 58,
    recipe: 'a recipe',
    parameters: 1234,
    pretrainLossCurve: [2, 1],
    fewShot: [
      { k: 0, trained: 0.25, untrained: 0.25 },
      { k: 8, trained: 0.5, untrained: 0.26 },
    ],
    trained: summarise(records(0.4), 2, 0.1),
    untrained: summarise(records(0.1), 2, 0.1),
    momentum: { eta: 0.5, pplWithout: 4, pplWith: 3.9, allTokenPplWithout: 100, allTokenPplWith: 120, iclWithout: 0.5, iclWith: 0.52, zslWithout: 0.25, zslWith: 0.25, lossCurveWith: [] },
  };
  const checks = { dualFormMaxAbsDiff: 1e-15, dualFormTfMaxAbsDiff: 1e-6, vonOswaldMaxAbsDiff: 1e-16, lsa: { lsaLoss: 0.2, gdLoss: 0.2, zeroLoss: 1, weightCosine: 0.99, sensitivityCosine: 0.99, predictionGap: 0.01 } };
  const section = buildIclSection(result, checks, 12);

  it('puts our numbers beside the paper constants', () => {
    expect(section.id).toBe('icl');
    const rec = section.comparisons.find((c) => c.metric.startsWith('Rec2FTP'))!;
    // ZSL wrong on examples 1–3, FT right on 1 → fixes {1}; ICL right on 1 → 1/1.
    expect(rec.ours).toBe(1);
    expect(rec.paper).toBe(PAPER_NUMBERS.rec2ftp[0]);
    const aou = section.comparisons.find((c) => c.metric === 'SimAOU (trained, FT)')!;
    expect(aou.ours).toBeCloseTo(0.45, 12);
    expect(aou.paper).toBe(PAPER_NUMBERS.simAou[0]);
    expect(section.comparisons.every((c) => (c.paper === null) === (c.table === null))).toBe(true);
  });

  it('has every arm in the table, a per-layer chart and a verdict', () => {
    const table = section.tables!.find((t) => t.id === ICL_TABLE_IDS.iclVsFt)!;
    const cells = table.rows.map((r) => `${String(r.model)} ${String(r.arm)}`).join('\n');
    for (const arm of ['layer-causal GD', 'zero-mean', 'U[0,1)', 'shuffled labels', 'permuted demos', 'untrained']) expect(cells).toContain(arm);
    expect(table.rows.find((r) => r.model === 'paper GPT 1.3B')).toMatchObject({ rec2ftp: PAPER_NUMBERS.rec2ftp[0], simAou: PAPER_NUMBERS.simAou[0] });
    // The verdict closes the findings; every comparison is printed in a table of the section.
    expect(section.findings!.at(-1)).toMatch(/trained model|Deutch et al/);
    const ids = new Set(section.tables!.map((t) => t.id));
    for (const c of section.comparisons) expect(ids.has(c.shownIn!), c.metric).toBe(true);
    expect(chartProblems(section.charts[0]!)).toEqual([]);
    const chart = section.charts[0]!;
    const values = (chart.spec.data as { values: { layer: number; metric: string }[] }).values;
    expect(new Set(values.map((v) => v.layer))).toEqual(new Set([0, 1]));
    expect(new Set(values.map((v) => v.metric))).toEqual(new Set(['SimAOU', 'SimAM after']));
    expect(JSON.parse(JSON.stringify(section.data))).toHaveProperty('trained.variants');
    expect(section.scaleNote).toContain('a recipe');
  });
});

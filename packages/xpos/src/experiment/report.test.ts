import { describe, expect, it } from 'vitest';
import { chartProblems } from '@lmkit/tensor';
import { buildXposSection, comparisons, growthTable, pplChart, pplTable, resolutionTable, XPOS_TABLE_IDS } from './report.js';
import { evalVariants } from './variants.js';
import { QUICK_SETTINGS } from './settings.js';
import type { ExtrapolationResult } from './run.js';

const result: ExtrapolationResult = {
  config: { ...QUICK_SETTINGS, encodings: ['sinusoidal', 'rope', 'alibi', 'xpos'] },
  seed: 0,
  data: { vocabSize: 90 },
  lengths: [16, 32, 64, 128, 256],
  variants: evalVariants(['sinusoidal', 'rope', 'alibi', 'xpos']),
  models: { xpos: { parameters: 1234, finalTrainLoss: 2, lossCurve: [3, 2], lossStride: 1, trainSeconds: 1, resumedFrom: 0 } },
  ppl: {
    sinusoidal: [5, 4, 3, 30, 300],
    rope: [5, 4, 3, 6, 12],
    'rope+bca': [5, 4, 3, 3.1, 3.2],
    alibi: [5, 4, 3, 3, 3],
    xpos: [5, 4, 3, 4.5, 6],
    'xpos+bca': [5, 4, 3, 2.9, 2.8],
  },
  resolution: {
    sinusoidal: { atL: 0.5, at2L: 0.1 },
    rope: { atL: 0.5, at2L: 0.1 },
    'rope+bca': { atL: 0.5, at2L: 0.4 },
    alibi: { atL: 0.5, at2L: 0.5 },
    xpos: { atL: 0.5, at2L: 0.3 },
    'xpos+bca': { atL: 0.5, at2L: 0.45 },
  },
  seconds: 12,
};

describe('xpos report', () => {
  it('puts the paper\'s Table 2/5 numbers beside ours', () => {
    const t = pplTable(result);
    expect(t.columns.map((c) => c.label)).toEqual(['model', 'L/4 = 16', 'L/2 = 32', 'L = 64', '2L = 128', '4L = 256']);
    const row = (table: typeof t, model: string) => table.rows.find((r) => r.model === model)!;
    expect(row(t, 'xpos+bca — LeX (xPos + BCA)')).toEqual({
      model: 'xpos+bca — LeX (xPos + BCA)',
      m0: { value: 5, paper: 34.3 },
      m1: { value: 4, paper: 27.55 },
      m2: { value: 3, paper: 23.31 },
      m3: { value: 2.9, paper: 21.6 },
      m4: { value: 2.8, paper: 20.73 },
    });
    expect(row(t, 'rope+bca — RoPE + BCA')).toEqual({
      model: 'rope+bca — RoPE + BCA',
      m0: { value: 5 },
      m1: { value: 4 },
      m2: { value: 3 },
      m3: { value: 3.1, paper: 25.57 },
      m4: { value: 3.2, paper: 25.65 },
    });
    expect(row(resolutionTable(result), 'rope — RoPE')).toEqual({ model: 'rope — RoPE', atL: { value: 0.5, paper: 0.91 }, at2L: { value: 0.1, paper: 0.08 } });
  });
  it('compares growth ratios ppl(kL)/ppl(L) with the paper\'s', () => {
    const c = comparisons(result).find((x) => x.metric === 'ppl@4L / ppl@L sinusoidal')!;
    expect(c.ours).toBeCloseTo(100, 12);
    expect(c.paper).toBeCloseTo(1283.79 / 29.94, 12);
    expect(c.table).toBe('Table 2 (arXiv 2212.10554)');
    // Table 5 gives XPOS without BCA only at 2L/4L; at L it is the same model as LeX (23.31).
    const x = comparisons(result).find((y) => y.metric === 'ppl@4L / ppl@L xpos')!;
    expect(x.ours).toBeCloseTo(6 / 3, 12);
    expect(x.paper).toBeCloseTo(28.43 / 23.31, 12);
    // The growth table prints the same ratios.
    const g = growthTable(result).rows.find((r) => r.model === 'sinusoidal — Transformer (absolute)')!;
    expect(g.m4).toEqual({ value: c.ours, paper: c.paper });
  });
  it('every comparison names a table of the section that prints it', () => {
    const s = buildXposSection(result);
    const ids = new Set(s.tables!.map((t) => t.id));
    expect([...ids]).toEqual(Object.values(XPOS_TABLE_IDS));
    for (const c of s.comparisons) expect(ids.has(c.shownIn!), c.metric).toBe(true);
  });
  it('charts every measured point on log axes and builds a complete section', () => {
    const chart = pplChart(result);
    const layer = (chart.spec.layer as { data: { values: unknown[] } }[])[0]!;
    expect(layer.data.values).toHaveLength(30);
    const s = buildXposSection(result);
    expect(s.id).toBe('xpos');
    expect(s.findings).toContain('Lowest perplexity at 256 tokens: xpos+bca (2.80).');
    expect(chartProblems(chart)).toEqual([]);
    expect(s.scaleNote).toContain('1234-parameter');
    expect(JSON.parse(JSON.stringify(s.data))).toEqual(result);
  });
});

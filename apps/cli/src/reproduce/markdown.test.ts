import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown.js';
import { comparisonTable } from '../report/section-markdown.js';
import { formatNumber } from '../report/format.js';
import { fakeSection } from './fixtures.test-util.js';
import type { ReproduceReport } from './model.js';

describe('formatNumber', () => {
  it('prints integers in full, others to 4 significant digits, tiny/huge in exponent form, missing as a dash', () => {
    expect(formatNumber(3)).toBe('3');
    expect(formatNumber(1234567)).toBe('1234567');
    expect(formatNumber(12.3456)).toBe('12.35');
    expect(formatNumber(0.5)).toBe('0.5');
    expect(formatNumber(-0.0251)).toBe('-0.0251');
    expect(formatNumber(0.00012)).toBe('1.2e-4');
    expect(formatNumber(1234567.8)).toBe('1.235e+6');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });
});

describe('comparisonTable', () => {
  it('renders metric | ours | paper | table rows with escaped pipes and numbered notes', () => {
    const lines = comparisonTable(fakeSection().comparisons).split('\n');
    expect(lines).toEqual([
      '| metric | ours | paper | table |',
      '| --- | ---: | ---: | --- |',
      '| ppl@4L xpos [1] | 12.35 | 25.1 | Table 2 |',
      '| a\\|b | — | 3 | — |',
      '',
      '[1] Our model has 0.1M parameters.',
    ]);
  });
});

describe('comparisonTable notes', () => {
  it('gives identical notes one shared number', () => {
    const row = (metric: string, note?: string) => ({ metric, ours: 1, paper: 2, table: 'T1', ...(note ? { note } : {}) });
    const lines = comparisonTable([row('a', 'scale differs'), row('b', 'other'), row('c', 'scale differs '), row('d')]).split('\n');
    expect(lines.slice(2)).toEqual([
      '| a [1] | 1 | 2 | T1 |',
      '| b [2] | 1 | 2 | T1 |',
      '| c [1] | 1 | 2 | T1 |',
      '| d | 1 | 2 | T1 |',
      '',
      '[1] scale differs',
      '[2] other',
    ]);
  });
});

describe('renderMarkdown', () => {
  const report: ReproduceReport = {
    meta: {
      startedAt: '2026-01-02T03:04:05.000Z',
      seed: 7,
      quick: true,
      backend: 'wasm',
      versions: { lmkit: '0.1.0', node: '20.0.0' },
      cores: 2,
      sections: ['demo', 'broken'],
      seconds: 12.4,
      timings: { demo: 10.25, broken: 0.1 },
    },
    outcomes: [
      {
        id: 'demo',
        title: 'Demo paper',
        status: 'ok',
        resumed: false,
        wallSeconds: 10.25,
        section: fakeSection(),
        charts: [{ id: 'loss curve', title: 'Loss by model', svg: 'charts/demo-loss-curve.svg', spec: 'charts/demo-loss-curve.vl.json' }],
      },
      {
        id: 'broken',
        title: 'Broken paper',
        status: 'error',
        resumed: false,
        wallSeconds: 0.1,
        error: { code: 'LMKIT_BAD_DATA', message: 'line 3 is not JSON', badInput: true },
        charts: [],
      },
    ],
  };
  const md = renderMarkdown(report);

  it('has the intro, the run settings and a status row per section', () => {
    expect(md.startsWith('# lmkit reproduction report\n')).toBe(true);
    expect(md).toContain('seed 7, `--quick` settings, tfjs backend `wasm`');
    expect(md).toContain('| demo | ok | 10.3 |');
    expect(md).toContain('| broken | failed | 0.1 |');
  });

  it('renders a section: title, body, comparison table, scale note, then the chart image', () => {
    const start = md.indexOf('## Demo paper');
    const order = ['## Demo paper', 'We trained **three** models.', '| ppl@4L xpos [1] | 12.35 | 25.1 | Table 2 |', '> **Scale:** Tiny models, 40 steps.', '![Loss by model](charts/demo-loss-curve.svg)'];
    let at = start;
    for (const piece of order) {
      const next = md.indexOf(piece, at);
      expect(next, piece).toBeGreaterThanOrEqual(at);
      at = next;
    }
  });

  it('records a failed section with its code and message', () => {
    expect(md).toContain('## Broken paper\n\n**This section failed:** `LMKIT_BAD_DATA` line 3 is not JSON');
  });
});

import { describe, expect, it } from 'vitest';
import type { ReportSection } from '@lmkit/tensor';
import { formatCell, formatNumber, formatPaperNumber } from './format.js';
import { renderSectionBody, renderTable } from './section-markdown.js';

describe('formatNumber and formatCell', () => {
  it('formats by style, missing values as one placeholder', () => {
    expect(formatNumber(0.12345, { style: 'fixed', digits: 2 })).toBe('0.12');
    expect(formatNumber(0.12345, { style: 'percent', digits: 1 })).toBe('12.3%');
    expect(formatNumber(0.000123, { style: 'exponential', digits: 2 })).toBe('1.23e-4');
    expect(formatNumber(1234567.4, { style: 'integer' })).toBe('1,234,567');
    for (const v of [null, undefined, Number.NaN, Infinity]) expect(formatNumber(v, { style: 'fixed', digits: 2 })).toBe('—');
    expect(formatCell(null)).toBe('—');
    expect(formatCell(undefined)).toBe('—');
    expect(formatCell({ value: null, paper: 3 })).toBe('— (3)');
  });

  it('prints ours ± se (paper), the paper as published unless the cell has a fixed format', () => {
    expect(formatCell({ value: 0.5, se: 0.0312, paper: 0.61 }, { style: 'fixed', digits: 3 })).toBe('0.500 ± 0.031 (0.61)');
    expect(formatCell({ value: 4.4321, paper: 132.63 / 29.94 }, { style: 'fixed', digits: 2 })).toBe('4.43 (4.43)');
    expect(formatCell({ value: 13.52, paper: 1283.79 })).toBe('13.52 (1283.79)');
    expect(formatCell({ value: 0.25, paper: 0.725, format: { style: 'percent', digits: 1 } })).toBe('25.0% (72.5%)');
    expect(formatPaperNumber(132.63 / 29.94)).toBe('4.42986');
    expect(formatPaperNumber(1283.79)).toBe('1283.79');
  });
});

const section = (over: Partial<ReportSection> = {}): ReportSection => ({
  id: 's',
  title: 'S',
  intro: 'We ran *two* models.',
  tables: [
    {
      id: 'ppl',
      title: 'Perplexity',
      caption: 'ours (paper)',
      columns: [
        { key: 'model', label: 'model' },
        { key: 'ppl', label: 'perplexity', unit: 'per char', format: { style: 'fixed', digits: 2 } },
      ],
      rows: [
        { model: 'rope', ppl: { value: 13.524, paper: 25.52 } },
        { model: 'a|b', ppl: null },
      ],
      notes: ['tiny model'],
    },
  ],
  findings: ['rope is flatter.'],
  comparisons: [
    { metric: 'ppl rope', ours: 13.524, paper: 25.52, table: 'Table 2', note: 'tiny model', shownIn: 'ppl' },
    { metric: 'growth rope', ours: 1.1, paper: 2.9, table: 'Table 2', note: 'tiny model' },
    { metric: 'other', ours: 3, paper: null, table: null, note: 'not from a paper' },
  ],
  charts: [],
  data: {},
  scaleNote: 'Laptop scale.',
  seconds: 1,
  ...over,
});

describe('renderTable', () => {
  it('prints the header with units, right-aligns numeric columns and escapes pipes', () => {
    expect(renderTable(section().tables![0]!).split('\n')).toEqual([
      '### Perplexity [1]',
      '',
      'ours (paper)',
      '',
      '| model | perplexity (per char) |',
      '| --- | ---: |',
      '| rope | 13.52 (25.52) |',
      '| a\\|b | — |',
      '',
      '[1] tiny model',
    ]);
  });
});

describe('renderSectionBody', () => {
  it('prints intro, tables, findings, only the comparisons no table shows, one footnote per distinct note, scale', () => {
    const md = renderSectionBody(section());
    const order = ['We ran *two* models.', '### Perplexity [1]', '[1] tiny model', '### What the numbers show', '- rope is flatter.', '### Ours beside the paper', '| growth rope [1] | 1.1 | 2.9 | Table 2 |', '| other [2] | 3 | — | — |', '[2] not from a paper', '_1 more paper number is printed beside ours in the tables above._', '> **Scale:** Laptop scale.'];
    let at = 0;
    for (const piece of order) {
      const next = md.indexOf(piece, at);
      expect(next, piece).toBeGreaterThanOrEqual(at);
      at = next;
    }
    expect(md).not.toContain('| ppl rope');
    expect(md.match(/\[1\] tiny model/g)).toHaveLength(1);
  });

  it('says so when every comparison is in a table, and when there is none', () => {
    const all = renderSectionBody(section({ comparisons: [section().comparisons[0]!] }));
    expect(all).toContain('_Every paper number of this section is printed beside ours in the tables above._');
    expect(all).not.toContain('| metric | ours |');
    expect(renderSectionBody(section({ comparisons: [] }))).toContain('_No paper numbers to compare in this section._');
  });

  it('still prints a legacy Markdown body after the intro', () => {
    const md = renderSectionBody(section({ intro: undefined, tables: undefined, findings: undefined, markdown: '| a | b |' }));
    expect(md.startsWith('| a | b |')).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { reportJson, type ReproduceReport } from 'lmkit';
import { normaliseReport } from '../.vitepress/theme/lib/report.js';

/** A report in the CLI's own shape, written out by the CLI's own report.json writer. */
function cliReport(): unknown {
  const report: ReproduceReport = {
    meta: {
      startedAt: '2026-01-01T00:00:00.000Z',
      seed: 7,
      quick: true,
      backend: 'wasm',
      versions: { lmkit: '0.1.0', '@lmkit/xpos': '0.1.0', missing: null },
      cores: 2,
      sections: ['xpos', 'icl'],
      seconds: 12.34,
      timings: { xpos: 10, icl: 2 },
    },
    outcomes: [
      {
        id: 'xpos',
        title: 'XPOS + BCA',
        status: 'ok',
        resumed: false,
        wallSeconds: 10,
        section: {
          id: 'xpos',
          title: 'XPOS + BCA',
          intro: 'Trained *two* models.',
          tables: [
            {
              id: 'ppl',
              title: 'Perplexity',
              columns: [{ key: 'model', label: 'model' }, { key: 'ppl', label: 'ppl', unit: 'per char', format: { style: 'fixed', digits: 2 } }],
              rows: [{ model: 'xpos+bca', ppl: { value: 21.5, paper: 20.73 } }],
              notes: ['tiny model'],
            },
          ],
          findings: ['xpos+bca is flat.'],
          charts: [],
          comparisons: [
            { metric: 'ppl@4L xpos+bca', ours: 21.5, paper: 20.73, table: 'Table 2', note: 'tiny model', shownIn: 'ppl' },
            { metric: 'resolution xpos', ours: 0.5, paper: 0.98, table: 'Table 3', note: 'tiny model' },
          ],
          data: { ppl: [1, 2] },
          scaleNote: 'tiny model',
          seconds: 9.5,
        },
        charts: [{ id: 'ppl', title: 'Perplexity vs length', svg: 'charts/xpos-ppl.svg', spec: 'charts/xpos-ppl.vl.json' }],
      },
      {
        id: 'icl',
        title: 'ICL',
        status: 'error',
        resumed: false,
        wallSeconds: 2,
        error: { code: 'LMKIT_X', message: 'out of memory', badInput: false },
        charts: [],
      },
    ],
  };
  return JSON.parse(JSON.stringify(reportJson(report)));
}

describe('normaliseReport', () => {
  it('reads the CLI report.json: sections, comparisons, chart files, failures, meta', () => {
    const asked: string[] = [];
    const spec = { mark: 'line' };
    const r = normaliseReport(cliReport(), (md) => md, (p) => {
      asked.push(p);
      return spec;
    });
    expect(r.sections.map((s) => [s.id, s.status])).toEqual([
      ['xpos', 'ok'],
      ['icl', 'error'],
    ]);
    const [xpos, icl] = r.sections;
    // The body is the CLI's Markdown: table with units, one shared footnote, only the comparison no table shows.
    const html = xpos!.html;
    for (const piece of ['Trained *two* models.', '### Perplexity [1]', '| model | ppl (per char) |', '| xpos+bca | 21.50 (20.73) |', '[1] tiny model', '- xpos+bca is flat.', '| resolution xpos [1] | 0.5 | 0.98 | Table 3 |', '> **Scale:** tiny model']) {
      expect(html).toContain(piece);
    }
    expect(html.match(/\[1\] tiny model/g)).toHaveLength(1);
    expect(html).not.toContain('| ppl@4L xpos+bca');
    expect(asked).toEqual(['charts/xpos-ppl.vl.json']);
    expect(xpos!.charts).toEqual([{ id: 'ppl', title: 'Perplexity vs length', spec }]);
    expect(xpos!.seconds).toBe(9.5);
    expect(JSON.parse(xpos!.dataJson!)).toEqual({ ppl: [1, 2] });
    expect(icl!.error).toBe('out of memory');
    const meta = new Map(r.meta);
    expect(meta.get('seed')).toBe('7');
    expect(meta.get('seconds')).toBe('12.3');
    expect(meta.get('versions')).toBe('lmkit 0.1.0, @lmkit/xpos 0.1.0');
    expect(meta.get('sections')).toBe('xpos, icl');
  });

  it('reports a missing chart file instead of dropping it', () => {
    const r = normaliseReport(cliReport(), (md) => md, () => null);
    expect(r.sections[0]!.charts[0]).toMatchObject({ id: 'ppl', spec: null });
    expect(r.sections[0]!.charts[0]!.error).toContain('charts/xpos-ppl.vl.json');
  });

  it('accepts a list of ReportSection objects with inline specs and a legacy Markdown body', () => {
    const r = normaliseReport(
      { sections: [{ id: 'lm', title: 'LM', markdown: '**x**', charts: [{ id: 'c', title: 'C', spec: { mark: 'bar' } }], comparisons: [], data: {}, scaleNote: '', seconds: 1 }] },
      (md) => md,
      () => null,
    );
    expect(r.sections).toHaveLength(1);
    expect(r.sections[0]!.html.startsWith('**x**\n\n### Ours beside the paper')).toBe(true);
    expect(r.sections[0]!.charts[0]!.spec).toEqual({ mark: 'bar' });
  });

  it('yields no sections for something that is not a report', () => {
    expect(normaliseReport(42, (m) => m, () => null).sections).toEqual([]);
    expect(normaliseReport({ meta: { seed: 1 } }, (m) => m, () => null).sections).toEqual([]);
  });
});

import type { ReportSection } from '@lmkit/tensor';

/** A small, fully specified ReportSection for renderer tests. */
export function fakeSection(overrides: Partial<ReportSection> = {}): ReportSection {
  return {
    id: 'demo',
    title: 'Demo paper',
    markdown: 'We trained **three** models.',
    charts: [
      {
        id: 'loss curve',
        title: 'Loss by model',
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: 'Loss by model',
          data: { values: [{ model: 'abs', loss: 3.2 }, { model: 'rope', loss: 2.9 }, { model: 'xpos', loss: 2.7 }] },
          mark: 'bar',
          encoding: { x: { field: 'model', type: 'nominal' }, y: { field: 'loss', type: 'quantitative' } },
        },
      },
    ],
    comparisons: [
      { metric: 'ppl@4L xpos', ours: 12.3456, paper: 25.1, table: 'Table 2', note: 'Our model has 0.1M parameters.' },
      { metric: 'a|b', ours: null, paper: 3, table: null },
    ],
    data: { losses: [3.2, 2.9, 2.7], steps: 40 },
    scaleNote: 'Tiny models, 40 steps.',
    seconds: 1.5,
    ...overrides,
  };
}

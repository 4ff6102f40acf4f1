import { describe, expect, it } from 'vitest';
import { chartProblems, chartSpec, LEGEND_LABEL_LIMIT, VEGA_LITE_SCHEMA } from './chart.js';

const line = (legend?: Record<string, unknown> | null) => ({
  data: { values: [{ step: 1, loss: 2, series: 'PICL, BM25 retriever (ours)' }] },
  mark: 'line',
  encoding: {
    x: { field: 'step', type: 'quantitative', title: 'training progress (steps)' },
    y: { field: 'loss', type: 'quantitative', title: 'loss (nats/token)' },
    color: { field: 'series', type: 'nominal', title: 'model', ...(legend === undefined ? {} : { legend }) },
  },
});

describe('chartSpec', () => {
  it('adds the schema, the title and a legend labelLimit, keeping what the spec sets itself', () => {
    const c = chartSpec('loss', 'Loss per step', { ...line(), config: { legend: { orient: 'bottom' }, axis: { grid: false } } });
    expect(c).toMatchObject({ id: 'loss', title: 'Loss per step' });
    expect(c.spec.$schema).toBe(VEGA_LITE_SCHEMA);
    expect(c.spec.title).toBe('Loss per step');
    expect(c.spec.config).toEqual({ axis: { grid: false }, legend: { orient: 'bottom', labelLimit: LEGEND_LABEL_LIMIT, titleLimit: LEGEND_LABEL_LIMIT } });
    expect(chartProblems(c)).toEqual([]);
    const own = chartSpec('x', 'X', { ...line(), config: { legend: { labelLimit: 500 } } });
    expect((own.spec.config as { legend: { labelLimit: number } }).legend.labelLimit).toBe(500);
  });
});

describe('chartProblems', () => {
  it('names a missing title, untitled axes, axis titles without a unit and legends that cut labels', () => {
    const spec = line({ labelLimit: 100 });
    spec.encoding.x = { field: 'step', type: 'quantitative' } as typeof spec.encoding.x;
    spec.encoding.y.title = 'loss';
    expect(chartProblems({ id: 'c', title: 'C', spec })).toEqual([
      'c: the spec has no title',
      'c: x axis of field "step" has no title',
      'c: y axis "loss" does not give its unit in brackets',
      // 'PICL, BM25 retriever (ours)' is 27 characters: about 189 px.
      'c: legend of "series" cuts labels at 100 px; the longest needs about 189 px',
    ]);
  });

  it('asks for a labelLimit when neither the legend nor the config sets one, and finds encodings in layers and facets', () => {
    const nested = { title: 'T', facet: { column: { field: 'metric' } }, spec: { layer: [line()] } };
    expect(chartProblems({ id: 'n', title: 'T', spec: nested })).toEqual(['n: legend of "series" has no labelLimit (Vega cuts labels at 160 px)']);
    expect(chartProblems({ id: 'n', title: 'T', spec: { ...nested, spec: { layer: [line(null)] } } })).toEqual([]);
  });
});

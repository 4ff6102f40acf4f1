import { describe, expect, it } from 'vitest';
import { chartFiles, renderChartSvg } from './charts.js';
import { fakeSection } from './fixtures.test-util.js';

/** Checks every tag is closed in order (a minimal XML well-formedness check, enough for vega's output). */
function tagsBalance(xml: string): boolean {
  const stack: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([A-Za-z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) {
      if (stack.pop() !== name) return false;
    } else stack.push(name ?? '');
  }
  return stack.length === 0;
}

describe('renderChartSvg', () => {
  it('renders a Vega-Lite bar chart to a well-formed SVG with one bar per datum and the title', async () => {
    const chart = fakeSection().charts[0];
    if (!chart) throw new Error('fixture has a chart');
    const svg = await renderChartSvg(chart.spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(tagsBalance(svg)).toBe(true);
    const bars = svg.match(/<g class="mark-rect role-mark[^>]*>(.*?)<\/g>/)?.[1] ?? '';
    expect(bars.match(/<path /g)).toHaveLength(3);
    expect(svg).toContain('>Loss by model</text>');
    for (const label of ['abs', 'rope', 'xpos']) expect(svg).toContain(`>${label}</text>`);
  });

  it('rejects an invalid spec', async () => {
    await expect(renderChartSvg({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow();
  });

  it('names chart files after section and chart, file-name safe', () => {
    expect(chartFiles('xpos', 'ppl vs/length')).toEqual({ svg: 'charts/xpos-ppl-vs-length.svg', spec: 'charts/xpos-ppl-vs-length.vl.json' });
  });
});

import type { ChartSpec } from '@lmkit/tensor';

/**
 * Renders a Vega-Lite spec to a standalone SVG string in Node (no canvas needed):
 * compile with vega-lite, then render headless with vega.
 */
export async function renderChartSvg(spec: ChartSpec['spec']): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vl.compile(spec as unknown as Parameters<typeof vl.compile>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** File names (relative to the report folder) of a chart's SVG and Vega-Lite JSON. */
export function chartFiles(sectionId: string, chartId: string): { svg: string; spec: string } {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '-');
  const base = `charts/${safe(sectionId)}-${safe(chartId)}`;
  return { svg: `${base}.svg`, spec: `${base}.vl.json` };
}

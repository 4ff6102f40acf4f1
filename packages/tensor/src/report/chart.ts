import type { ChartSpec } from './types.js';

/** Vega-Lite schema every chart declares (the CLI and the docs compile with vega-lite 6). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Legend label and title room in pixels (Vega's default of 160 cuts labels such as "PICL, BM25 retriever"). */
export const LEGEND_LABEL_LIMIT = 400;

/** Pixels per character assumed when checking that legend labels fit (Vega's 10 px sans-serif averages below this). */
const PX_PER_CHAR = 7;

/** Channels that draw a legend. */
const LEGEND_CHANNELS = ['color', 'fill', 'stroke', 'shape', 'size', 'strokeDash', 'opacity'] as const;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A {@link ChartSpec} whose spec carries the schema, `title` as its title, and a legend config with
 * {@link LEGEND_LABEL_LIMIT} (values the spec sets itself win).
 */
export function chartSpec(id: string, title: string, spec: Json): ChartSpec {
  const config = isObject(spec.config) ? spec.config : {};
  const legend = { labelLimit: LEGEND_LABEL_LIMIT, titleLimit: LEGEND_LABEL_LIMIT, ...(isObject(config.legend) ? config.legend : {}) };
  return { id, title, spec: { $schema: VEGA_LITE_SCHEMA, ...spec, title, config: { ...config, legend } } };
}

/** Every object in the spec tree (layers, facets, concatenations, nested specs). */
function* nodes(v: unknown): Generator<Json> {
  if (Array.isArray(v)) {
    for (const x of v) yield* nodes(x);
  } else if (isObject(v)) {
    yield v;
    for (const [k, x] of Object.entries(v)) if (k !== 'data' && k !== 'datasets') yield* nodes(x);
  }
}

/** Longest text of `field` in any inline `data.values` of the spec. */
function longestLabel(spec: Json, field: string): number {
  let n = 0;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v)) {
      const values = isObject(v.data) && Array.isArray(v.data.values) ? v.data.values : [];
      for (const row of values) if (isObject(row) && row[field] !== undefined) n = Math.max(n, String(row[field]).length);
      for (const x of Object.values(v)) if (x !== v.data) visit(x);
    }
  };
  visit(spec);
  return n;
}

/**
 * What keeps a chart from being readable, as sentences (empty when nothing does): a missing title,
 * a positional axis without a title, a quantitative axis title without its unit in brackets, or a
 * legend whose labels would be cut off.
 */
export function chartProblems(chart: ChartSpec): string[] {
  const out: string[] = [];
  const spec = chart.spec;
  const title = isObject(spec.title) ? spec.title.text : spec.title;
  if (typeof title !== 'string' || title.trim() === '') out.push(`${chart.id}: the spec has no title`);
  const config = isObject(spec.config) ? spec.config : {};
  const configLimit = isObject(config.legend) && typeof config.legend.labelLimit === 'number' ? config.legend.labelLimit : undefined;
  for (const node of nodes(spec)) {
    const enc = node.encoding;
    if (!isObject(enc)) continue;
    for (const ch of ['x', 'y'] as const) {
      const e = enc[ch];
      if (!isObject(e) || (e.field === undefined && e.aggregate === undefined)) continue;
      const t = e.title;
      if (typeof t !== 'string' || t.trim() === '') out.push(`${chart.id}: ${ch} axis of field "${String(e.field)}" has no title`);
      else if (e.type === 'quantitative' && !/\(.+\)/.test(t)) out.push(`${chart.id}: ${ch} axis "${t}" does not give its unit in brackets`);
    }
    for (const ch of LEGEND_CHANNELS) {
      const e = enc[ch];
      if (!isObject(e) || typeof e.field !== 'string' || e.legend === null) continue;
      const limit = isObject(e.legend) && typeof e.legend.labelLimit === 'number' ? e.legend.labelLimit : configLimit;
      const need = longestLabel(spec, e.field) * PX_PER_CHAR;
      if (limit === undefined) out.push(`${chart.id}: legend of "${e.field}" has no labelLimit (Vega cuts labels at 160 px)`);
      else if (limit > 0 && limit < need) out.push(`${chart.id}: legend of "${e.field}" cuts labels at ${limit} px; the longest needs about ${need} px`);
    }
  }
  return out;
}

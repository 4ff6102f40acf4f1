/**
 * Normalises `lmkit reproduce --json` output (the CLI's report.json: `meta` plus one key per section)
 * into sections the results page can render. Also accepts `{ sections: [...] }` or a bare array of
 * ReportSection objects, so a report written by hand or by an older CLI still shows.
 */
export interface Comparison {
  metric: string;
  ours: number | null;
  paper: number | null;
  table: string | null;
  note?: string;
}

export interface Chart {
  id: string;
  title: string;
  /** The Vega-Lite spec, or null when its file is missing (then `error` says so). */
  spec: Record<string, unknown> | null;
  error?: string;
}

export interface Section {
  id: string;
  title: string;
  status: 'ok' | 'error';
  /** The error of a failed section. */
  error: string | null;
  /** Markdown body rendered to HTML (empty when the report has none). */
  html: string;
  charts: Chart[];
  comparisons: Comparison[];
  scaleNote: string;
  seconds: number | null;
  /** Every measured value, pretty-printed JSON. */
  dataJson: string | null;
}

export interface Report {
  /** Run settings as label → text (seed, quick, backend, cores, seconds, …). */
  meta: Array<[string, string]>;
  sections: Section[];
}

/** How the loader reads a chart's spec file (`charts/x.vl.json`, relative to the report). */
export type SpecLoader = (path: string) => Record<string, unknown> | null;

function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

function metaEntries(meta: Record<string, unknown> | null): Array<[string, string]> {
  if (!meta) return [];
  const out: Array<[string, string]> = [];
  for (const [k, v] of Object.entries(meta)) {
    if (v === null || v === undefined) continue;
    if (typeof v === 'object') {
      if (k === 'versions') {
        const parts = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== null).map(([n, x]) => `${n} ${String(x)}`);
        if (parts.length) out.push([k, parts.join(', ')]);
      } else if (Array.isArray(v)) out.push([k, v.join(', ')]);
      continue;
    }
    out.push([k, typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(1) : String(v)]);
  }
  return out;
}

function charts(raw: unknown, loadSpec: SpecLoader): Chart[] {
  if (!Array.isArray(raw)) return [];
  const out: Chart[] = [];
  raw.forEach((c, j) => {
    const r = asRecord(c);
    if (!r) return;
    const id = str(r.id, `chart-${j}`);
    const title = str(r.title, id);
    if (asRecord(r.spec)) out.push({ id, title, spec: r.spec as Record<string, unknown> });
    else if (typeof r.spec === 'string') {
      const spec = loadSpec(r.spec);
      out.push(spec ? { id, title, spec } : { id, title, spec: null, error: `chart file ${r.spec} is not in docs/public/results/` });
    }
  });
  return out;
}

function comparisons(raw: unknown): Comparison[] {
  if (!Array.isArray(raw)) return [];
  return raw
    .map((c) => asRecord(c))
    .filter((c): c is Record<string, unknown> => c !== null)
    .map((c) => ({
      metric: str(c.metric, '?'),
      ours: num(c.ours),
      paper: num(c.paper),
      table: typeof c.table === 'string' ? c.table : null,
      ...(typeof c.note === 'string' ? { note: c.note } : {}),
    }));
}

/** Turns raw report JSON into sections; `render` turns Markdown into HTML. */
export function normaliseReport(raw: unknown, render: (md: string) => string, loadSpec: SpecLoader): Report {
  const top = asRecord(raw);
  let entries: Array<[string, unknown]> = [];
  if (Array.isArray(raw)) entries = raw.map((s, i) => [str(asRecord(s)?.id, `section-${i}`), s]);
  else if (top && Array.isArray(top.sections)) entries = top.sections.map((s, i) => [str(asRecord(s)?.id, `section-${i}`), s]);
  else if (top) entries = Object.entries(top).filter(([k, v]) => k !== 'meta' && asRecord(v)?.title !== undefined);
  const sections: Section[] = [];
  for (const [key, s] of entries) {
    const r = asRecord(s);
    if (!r) continue;
    const err = asRecord(r.error);
    const failed = r.status === 'error' || err !== null;
    sections.push({
      id: str(r.id, key),
      title: str(r.title, key),
      status: failed ? 'error' : 'ok',
      error: failed ? str(err?.message, 'the section failed') : null,
      html: typeof r.markdown === 'string' && r.markdown ? render(r.markdown) : '',
      charts: charts(r.charts, loadSpec),
      comparisons: comparisons(r.comparisons),
      scaleNote: str(r.scaleNote),
      seconds: num(r.seconds) ?? num(r.wallSeconds),
      dataJson: asRecord(r.data) ? JSON.stringify(r.data, null, 2) : null,
    });
  }
  return { meta: metaEntries(asRecord(top?.meta)), sections };
}

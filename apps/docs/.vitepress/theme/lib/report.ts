import type { PaperComparison, ReportSection, ReportTable } from '@lmkit/tensor';
import { renderSectionBody } from 'lmkit/report';

/**
 * Normalises `lmkit reproduce --json` output (the CLI's report.json: `meta` plus one key per section,
 * each section's report as data) into sections the results page can render. Each section body is
 * rendered by the CLI's own renderer (`lmkit/report`), so the page and report.md print the same
 * tables, footnotes and comparisons. Also accepts `{ sections: [...] }` or a bare array of
 * ReportSection objects.
 */
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
  /** The section body (intro, tables, findings, comparisons, scale note) rendered to HTML. */
  html: string;
  charts: Chart[];
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

function comparisons(raw: unknown): PaperComparison[] {
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
      ...(typeof c.unit === 'string' ? { unit: c.unit } : {}),
      ...(typeof c.shownIn === 'string' ? { shownIn: c.shownIn } : {}),
    }));
}

function tables(raw: unknown): ReportTable[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((t): t is ReportTable => {
    const r = asRecord(t);
    return r !== null && typeof r.id === 'string' && typeof r.title === 'string' && Array.isArray(r.columns) && Array.isArray(r.rows);
  });
}

/** The report-as-data fields of a raw section, with safe defaults. */
function reportSection(id: string, r: Record<string, unknown>): ReportSection {
  return {
    id,
    title: str(r.title, id),
    ...(typeof r.intro === 'string' ? { intro: r.intro } : {}),
    ...(typeof r.markdown === 'string' ? { markdown: r.markdown } : {}),
    tables: tables(r.tables),
    findings: Array.isArray(r.findings) ? r.findings.filter((f): f is string => typeof f === 'string') : [],
    comparisons: comparisons(r.comparisons),
    charts: [],
    data: {},
    scaleNote: str(r.scaleNote),
    seconds: num(r.seconds) ?? 0,
  };
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
    const id = str(r.id, key);
    sections.push({
      id,
      title: str(r.title, key),
      status: failed ? 'error' : 'ok',
      error: failed ? str(err?.message, 'the section failed') : null,
      html: failed ? '' : render(renderSectionBody(reportSection(id, r))),
      charts: charts(r.charts, loadSpec),
      seconds: num(r.seconds) ?? num(r.wallSeconds),
      dataJson: asRecord(r.data) ? JSON.stringify(r.data, null, 2) : null,
    });
  }
  return { meta: metaEntries(asRecord(top?.meta)), sections };
}

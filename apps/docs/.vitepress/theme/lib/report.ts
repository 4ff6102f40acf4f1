/**
 * Normalises `lmkit reproduce --json` output into sections the results page can render. Accepts
 * `{ sections: [...] }`, a bare array of sections, or `{ <id>: section }`.
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
  spec: Record<string, unknown>;
}

export interface Section {
  id: string;
  title: string;
  /** Markdown body already rendered to HTML by the data loader. */
  html: string;
  charts: Chart[];
  comparisons: Comparison[];
  scaleNote: string;
  seconds: number | null;
}

export interface Report {
  meta: Record<string, unknown>;
  sections: Section[];
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : fallback;
}

/** Turns raw report JSON into sections; `render` turns a section's Markdown into HTML. */
export function normaliseReport(raw: unknown, render: (md: string) => string): Report {
  const top = asRecord(raw);
  let list: unknown[] = [];
  if (Array.isArray(raw)) list = raw;
  else if (top && Array.isArray(top.sections)) list = top.sections;
  else if (top) list = Object.values(top).filter((v) => asRecord(v)?.title !== undefined);
  const meta: Record<string, unknown> = {};
  if (top) for (const [k, v] of Object.entries(top)) if (k !== 'sections' && (typeof v !== 'object' || v === null)) meta[k] = v;
  const sections: Section[] = [];
  list.forEach((s, i) => {
    const r = asRecord(s);
    if (!r) return;
    const charts = (Array.isArray(r.charts) ? r.charts : [])
      .map((c, j) => asRecord(c))
      .filter((c): c is Record<string, unknown> => c !== null && asRecord(c.spec) !== null)
      .map((c, j) => ({ id: str(c.id, `chart-${j}`), title: str(c.title), spec: c.spec as Record<string, unknown> }));
    const comparisons = (Array.isArray(r.comparisons) ? r.comparisons : [])
      .map((c) => asRecord(c))
      .filter((c): c is Record<string, unknown> => c !== null)
      .map((c) => ({
        metric: str(c.metric, '?'),
        ours: num(c.ours),
        paper: num(c.paper),
        table: typeof c.table === 'string' ? c.table : null,
        ...(typeof c.note === 'string' ? { note: c.note } : {}),
      }));
    sections.push({
      id: str(r.id, `section-${i}`),
      title: str(r.title, str(r.id, `Section ${i + 1}`)),
      html: render(str(r.markdown)),
      charts,
      comparisons,
      scaleNote: str(r.scaleNote),
      seconds: num(r.seconds),
    });
  });
  return { meta, sections };
}

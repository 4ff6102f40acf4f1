import type { ReproduceReport } from './model.js';

/**
 * The report.json document: `meta` (seed, quick, backend, versions, timings) and one key per section
 * with its status, its report as data (intro, tables, findings, comparisons with the paper, scale
 * note), every measured number (`data`) and the chart files. The docs' results page renders it.
 */
export function reportJson(report: ReproduceReport): Record<string, unknown> {
  const out: Record<string, unknown> = { meta: report.meta };
  for (const o of report.outcomes) {
    const common = { title: o.title, status: o.status, resumed: o.resumed, wallSeconds: o.wallSeconds };
    if (o.status === 'error' || !o.section) {
      out[o.id] = { ...common, error: o.error };
      continue;
    }
    const s = o.section;
    out[o.id] = {
      ...common,
      seconds: s.seconds,
      ...(s.intro !== undefined ? { intro: s.intro } : {}),
      ...(s.markdown !== undefined ? { markdown: s.markdown } : {}),
      tables: s.tables ?? [],
      findings: s.findings ?? [],
      comparisons: s.comparisons,
      data: s.data,
      scaleNote: s.scaleNote,
      charts: o.charts,
    };
  }
  return out;
}

import type { PaperComparison } from '@lmkit/tensor';
import type { ReproduceReport, SectionOutcome } from './model.js';

/**
 * Formats a number for a report table: integers in full, others to 4 significant digits
 * without trailing zeros, `—` for null or non-finite values.
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return value.toExponential(3).replace(/\.?0+e/, 'e');
  return String(Number(value.toPrecision(4)));
}

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** The comparison table `metric | ours | paper | table`, plus numbered notes under it (one number per distinct note). */
export function comparisonTable(rows: readonly PaperComparison[]): string {
  if (rows.length === 0) return '_No paper numbers to compare in this section._';
  const notes: string[] = [];
  const lines = ['| metric | ours | paper | table |', '| --- | ---: | ---: | --- |'];
  for (const r of rows) {
    let metric = cell(r.metric);
    if (r.note) {
      // identical notes share one number
      const note = r.note.trim();
      let n = notes.indexOf(note);
      if (n < 0) n = notes.push(note) - 1;
      metric += ` [${n + 1}]`;
    }
    lines.push(`| ${metric} | ${formatNumber(r.ours)} | ${formatNumber(r.paper)} | ${cell(r.table ?? '—')} |`);
  }
  if (notes.length > 0) lines.push('', ...notes.map((n, i) => `[${i + 1}] ${n}`));
  return lines.join('\n');
}

function renderSection(o: SectionOutcome): string {
  const out: string[] = [`## ${o.title}`, ''];
  if (o.status === 'error' || !o.section) {
    const code = o.error?.code ? `\`${o.error.code}\` ` : '';
    out.push(`**This section failed:** ${code}${o.error?.message ?? 'unknown error'}`, '');
    return out.join('\n');
  }
  const s = o.section;
  const when = o.resumed ? 'result reused from an earlier run' : `${formatNumber(Math.round(o.wallSeconds * 10) / 10)} s`;
  out.push(`_Section \`${o.id}\`, ${when}._`, '');
  if (s.markdown.trim() !== '') out.push(s.markdown.trim(), '');
  out.push('### Ours beside the paper', '', comparisonTable(s.comparisons), '');
  if (s.scaleNote.trim() !== '') out.push(`> **Scale:** ${s.scaleNote.trim().replace(/\n/g, '\n> ')}`, '');
  for (const c of o.charts) {
    if (c.error) out.push(`_Chart "${c.title}" could not be rendered: ${c.error}_ ([spec](${c.spec}))`, '');
    else out.push(`![${c.title.replace(/[[\]]/g, '')}](${c.svg})`, '');
  }
  return out.join('\n');
}

/** Renders the whole report as Markdown: intro, run settings, a summary, then one part per section. */
export function renderMarkdown(report: ReproduceReport): string {
  const m = report.meta;
  const out: string[] = [
    '# lmkit reproduction report',
    '',
    'lmkit re-runs the headline experiment of each of four MSRA ACL 2023 papers at laptop scale and puts our numbers',
    "beside the paper's. Our models are tiny and trained for minutes on a CPU, so compare trends and orderings, not",
    'absolute values; each section says how its scale differs.',
    '',
    `Run ${m.startedAt}: seed ${m.seed}, ${m.quick ? '`--quick`' : 'full'} settings, tfjs backend \`${m.backend}\`, ` +
      `${m.cores} cores, lmkit ${m.versions.lmkit ?? '?'}, Node ${m.versions.node ?? '?'}; ${formatNumber(Math.round(m.seconds))} s in all.`,
    '',
    '| section | status | seconds |',
    '| --- | --- | ---: |',
    ...report.outcomes.map(
      (o) => `| ${o.id} | ${o.status === 'ok' ? (o.resumed ? 'ok (reused)' : 'ok') : 'failed'} | ${formatNumber(Math.round((m.timings[o.id] ?? 0) * 10) / 10)} |`,
    ),
    '',
  ];
  for (const o of report.outcomes) out.push(renderSection(o));
  return `${out.join('\n').trimEnd()}\n`;
}

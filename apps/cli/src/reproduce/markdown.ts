import { renderSectionBody } from '../report/section-markdown.js';
import { formatNumber } from '../report/format.js';
import type { ReproduceReport, SectionOutcome } from './model.js';

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
  out.push(renderSectionBody(s), '');
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

import type { PaperComparison, ReportSection, ReportTable } from '@lmkit/tensor';
import { Footnotes } from './footnotes.js';
import { formatCell, formatNumber, formatPaperNumber, isNumericCell } from './format.js';

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

/** `label (unit)`. */
function withUnit(label: string, unit: string | undefined): string {
  return unit ? `${label} (${unit})` : label;
}

/** A block of lines followed by the footnotes it introduced. */
function withNotes(lines: string[], notes: Footnotes): string {
  const fresh = notes.flush();
  return (fresh.length > 0 ? [...lines, '', ...fresh] : lines).join('\n');
}

/** A {@link ReportTable} as a Markdown table (numeric columns right-aligned), its footnote markers in the title row's caption. */
export function renderTable(table: ReportTable, notes: Footnotes = new Footnotes()): string {
  const refs = (table.notes ?? []).map((n) => `[${notes.ref(n)}]`);
  const numeric = table.columns.map((c) => table.rows.some((r) => isNumericCell(r[c.key])));
  const lines = [
    `| ${table.columns.map((c) => cell(withUnit(c.label, c.unit))).join(' | ')} |`,
    `| ${numeric.map((n) => (n ? '---:' : '---')).join(' | ')} |`,
    ...table.rows.map((r) => `| ${table.columns.map((c) => cell(formatCell(r[c.key], c.format))).join(' | ')} |`),
  ];
  const head = [`### ${table.title}${refs.length > 0 ? ` ${refs.join('')}` : ''}`, ''];
  if (table.caption?.trim()) head.push(table.caption.trim(), '');
  return withNotes([...head, ...lines], notes);
}

/** The comparison table `metric | ours | paper | table` with footnote markers for the notes. */
export function comparisonTable(rows: readonly PaperComparison[], notes: Footnotes = new Footnotes()): string {
  if (rows.length === 0) return '_No paper numbers to compare in this section._';
  const lines = ['| metric | ours | paper | table |', '| --- | ---: | ---: | --- |'];
  for (const r of rows) {
    let metric = cell(withUnit(r.metric, r.unit));
    if (r.note?.trim()) metric += ` [${notes.ref(r.note)}]`;
    lines.push(`| ${metric} | ${formatNumber(r.ours)} | ${formatPaperNumber(r.paper)} | ${cell(r.table ?? '—')} |`);
  }
  return withNotes(lines, notes);
}

/**
 * The body of one report section as Markdown (no heading, no chart images): intro, legacy Markdown,
 * tables, findings, the comparisons no table above already shows, and the scale note. Footnotes are
 * numbered once per section; identical notes share one number.
 */
export function renderSectionBody(section: ReportSection): string {
  const notes = new Footnotes();
  const out: string[] = [];
  if (section.intro?.trim()) out.push(section.intro.trim());
  if (section.markdown?.trim()) out.push(section.markdown.trim());
  const tableIds = new Set<string>();
  for (const t of section.tables ?? []) {
    out.push(renderTable(t, notes));
    tableIds.add(t.id);
  }
  const findings = (section.findings ?? []).filter((f) => f.trim() !== '');
  if (findings.length > 0) out.push(['### What the numbers show', '', ...findings.map((f) => `- ${cell(f)}`)].join('\n'));
  const unshown = section.comparisons.filter((c) => !(c.shownIn && tableIds.has(c.shownIn)));
  const shown = section.comparisons.length - unshown.length;
  const compare = ['### Ours beside the paper'];
  if (unshown.length > 0) compare.push(comparisonTable(unshown, notes));
  if (shown > 0) {
    compare.push(
      unshown.length > 0
        ? `_${shown} more paper number${shown === 1 ? ' is' : 's are'} printed beside ours in the tables above._`
        : '_Every paper number of this section is printed beside ours in the tables above._',
    );
  }
  if (section.comparisons.length === 0) compare.push(comparisonTable([]));
  out.push(compare.join('\n\n'));
  if (section.scaleNote.trim() !== '') out.push(`> **Scale:** ${section.scaleNote.trim().replace(/\n/g, '\n> ')}`);
  return out.join('\n\n');
}

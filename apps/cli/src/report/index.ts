/**
 * lmkit/report — renders the report-as-data of `lmkit reproduce` (the core's `ReportSection`) as
 * Markdown. No Node-only imports: the docs' results page uses the same renderer.
 * @packageDocumentation
 */
export { renderSectionBody, renderTable, comparisonTable } from './section-markdown.js';
export { formatNumber, formatPaperNumber, formatCell } from './format.js';
export { Footnotes } from './footnotes.js';

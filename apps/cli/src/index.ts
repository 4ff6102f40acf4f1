/**
 * lmkit — the command line, for programmatic use: build the command tree or run it.
 * @packageDocumentation
 */
export { buildProgram, main, forEachCommand, type MainIo } from './program.js';
export { createRuntime, type RuntimeOptions } from './runtime.js';
export { writeFileAtomic, type AtomicWriteIo } from './atomic.js';
export { integerOption, numberOption, listOption, type NumberBounds } from './parse.js';
export { exitCodeFor, formatError, EXIT_BAD_INPUT, EXIT_FAILURE } from './errors.js';
export { SECTIONS, SECTION_IDS, type SectionId } from './reproduce/sections.js';
export { runReproduce, type ReproduceOptions, type ReproduceReport } from './reproduce/run.js';
export { renderMarkdown } from './reproduce/markdown.js';
export { renderSectionBody, renderTable, comparisonTable, formatNumber, formatPaperNumber, formatCell, Footnotes } from './report/index.js';
export { reportJson } from './reproduce/report-json.js';
export type { SectionOutcome, RenderedChart, RunMeta } from './reproduce/model.js';
export { renderChartSvg } from './reproduce/charts.js';
export type { CliRuntime, GlobalOptions, RegisterCommands } from './commands/types.js';

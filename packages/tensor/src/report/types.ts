/**
 * Shapes shared by every paper package's `lmkit reproduce` section. Reports are data: packages
 * return tables, comparisons, findings and chart specs; the CLI renders Markdown, SVG charts (from
 * the Vega-Lite specs) and JSON, and the docs' results page renders the same JSON.
 */

/** The one placeholder every renderer prints for a missing value (null, NaN, ±∞, not measured). */
export const MISSING_VALUE = '—';

/**
 * How a number is printed. `auto`: integers in full, others to 4 significant digits (exponent form
 * below 1e-3 and from 1e6); `fixed`: `digits` decimals; `percent`: a fraction shown ×100 with `%`;
 * `exponential`: `digits` decimals in exponent form; `integer`: rounded, with thousands separators.
 */
export type NumberFormat =
  | { style: 'auto' }
  | { style: 'fixed'; digits: number }
  | { style: 'percent'; digits: number }
  | { style: 'exponential'; digits: number }
  | { style: 'integer' };

/** One column of a {@link ReportTable}. */
export interface TableColumn {
  /** Key of the column's value in every row. */
  key: string;
  /** Header text, without the unit. */
  label: string;
  /** Unit of the column's numbers, printed in the header as `label (unit)`, e.g. `nats/token`, `s`, `tokens/s`. */
  unit?: string;
  /** How numbers in this column print (a cell may override it). Default `auto`. */
  format?: NumberFormat;
}

/**
 * A numeric cell with its own format, and optionally the paper's value printed beside ours as
 * `ours (paper)` and a standard error printed as `ours ± se`.
 */
export interface NumberCell {
  /** Our value; null when not measured. */
  value: number | null;
  /** Overrides the column's format. */
  format?: NumberFormat;
  /** The paper's value for the same cell, or null/absent when the paper has none. */
  paper?: number | null;
  /** Standard error of `value`. */
  se?: number | null;
}

/** A table cell: text, a number (column format), a {@link NumberCell}, or null (missing). */
export type TableCell = string | number | NumberCell | null;

/** A table of measured values (data, not Markdown: renderers decide the look). */
export interface ReportTable {
  /** Unique within its section, e.g. `ppl-vs-length`; comparisons refer to it with `shownIn`. */
  id: string;
  /** Heading, e.g. `Perplexity vs evaluation length (Tables 2 and 5)`. */
  title: string;
  /** What the cells mean, shown above the table (one or two sentences). */
  caption?: string;
  columns: TableColumn[];
  /** One record per row, keyed by {@link TableColumn.key}; a missing key is a missing value. */
  rows: Record<string, TableCell>[];
  /** Footnotes of this table; identical notes across a section share one number when rendered. */
  notes?: string[];
}

/** One number of ours beside the paper's (null where the paper has none). */
export interface PaperComparison {
  /** What is measured, e.g. `ppl@4L xpos+bca`. */
  metric: string;
  /** Our value (null when not measured in this run). */
  ours: number | null;
  /** The paper's value, or null. */
  paper: number | null;
  /** Where the paper's value comes from, e.g. `Table 2 (arXiv 2212.10554)`; null when `paper` is null. */
  table: string | null;
  /** Anything a reader must know to compare the two (scale, setup); identical notes share one footnote. */
  note?: string;
  /** Unit of `ours` and `paper`, when they have one. */
  unit?: string;
  /**
   * Id of a {@link ReportTable} of the same section that already prints this pair (ours beside the
   * paper's): renderers then leave the row out of the comparison table, the JSON keeps it.
   */
  shownIn?: string;
}

/**
 * A chart as a Vega-Lite spec (plain JSON, data inlined). The CLI renders it to SVG; the docs embed
 * it live. A spec carries its own `title`, a title on every positional axis (with the unit in
 * brackets for quantitative ones, e.g. `evaluation length (tokens)`), and legends with a
 * `labelLimit` wide enough for their labels; build it with {@link chartSpec} and check it with
 * {@link chartProblems}.
 */
export interface ChartSpec {
  /** File-name-safe id, unique within its section, e.g. `ppl-vs-length`. */
  id: string;
  /** Caption (the same text as the spec's title). */
  title: string;
  /** The Vega-Lite specification. */
  spec: Record<string, unknown>;
}

/**
 * What one paper contributes to the report: data only. Renderers (the CLI's Markdown, the docs'
 * results page) print, in order: `intro`, `tables`, `findings`, the `comparisons` not already
 * shown in a table, footnotes, `scaleNote`, `charts`.
 */
export interface ReportSection {
  /** `lm`, `xpos`, `trace`, `picl` or `icl`. */
  id: string;
  /** Heading. */
  title: string;
  /** What was run, in a short paragraph (inline Markdown: emphasis, code). */
  intro?: string;
  /** Measured values as tables. */
  tables?: ReportTable[];
  /** Short plain statements read off the numbers (no claim the data do not show). */
  findings?: string[];
  /**
   * Legacy Markdown body, printed after `intro` and before `tables`. Only for sections not yet
   * converted to tables and findings; do not use in new code.
   * @deprecated return `intro`, `tables` and `findings` instead.
   */
  markdown?: string;
  /** Charts of this section. */
  charts: ChartSpec[];
  /** Our numbers beside the paper's (every one, including those a table already shows). */
  comparisons: PaperComparison[];
  /** Every measured value, JSON-serialisable. */
  data: Record<string, unknown>;
  /** Honest statement of how our scale/setup differs from the paper's. */
  scaleNote: string;
  /** Wall-clock seconds the section took. */
  seconds: number;
}

/** Progress sink for long jobs; the CLI shows bars on a TTY and nothing otherwise. */
export interface ProgressReporter {
  /** Starts a task with `total` units of work. */
  start(label: string, total: number): void;
  /** Advances the current task by `n` units (default 1), with a short status text. */
  tick(n?: number, status?: string): void;
  /** Ends the current task. */
  done(): void;
  /** A line of information (kept out of `--json` output). */
  log(message: string): void;
}

/** A reporter that reports nothing. */
export const silentProgress: ProgressReporter = {
  start() {},
  tick() {},
  done() {},
  log() {},
};

/** What a section runner gets. */
export interface ReproduceContext {
  /** Small, fast settings (minutes on 2 cores). */
  quick: boolean;
  /** Seed for everything random. */
  seed: number;
  /** A folder the section owns for checkpoints and intermediate files; reuse them to resume. */
  workDir: string;
  /** Progress sink. */
  progress: ProgressReporter;
}

/** Runs one paper's headline experiment. */
export type ReproduceSectionRunner = (ctx: ReproduceContext) => Promise<ReportSection>;

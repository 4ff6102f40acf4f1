/**
 * Shapes shared by every paper package's `lmkit reproduce` section. Packages produce plain data;
 * the CLI renders Markdown, SVG charts (from the Vega-Lite specs) and JSON.
 */

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
  /** Anything a reader must know to compare the two (scale, setup). */
  note?: string;
}

/** A chart as a Vega-Lite spec (plain JSON). The CLI renders it to SVG; the docs embed it live. */
export interface ChartSpec {
  /** File-name-safe id, unique within its section, e.g. `ppl-vs-length`. */
  id: string;
  /** Caption. */
  title: string;
  /** The Vega-Lite specification, data inlined. */
  spec: Record<string, unknown>;
}

/** What one paper contributes to the report. */
export interface ReportSection {
  /** `lm`, `xpos`, `trace`, `picl` or `icl`. */
  id: string;
  /** Heading. */
  title: string;
  /** Markdown body (tables, text). Charts are appended by the renderer after it. */
  markdown: string;
  /** Charts of this section. */
  charts: ChartSpec[];
  /** Our numbers beside the paper's. */
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

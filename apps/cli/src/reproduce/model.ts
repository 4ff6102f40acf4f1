import type { ReportSection } from '@lmkit/tensor';

/** A chart after rendering: where its files are, or why it failed. */
export interface RenderedChart {
  id: string;
  title: string;
  /** SVG path relative to the report folder. */
  svg: string;
  /** Vega-Lite JSON path relative to the report folder (the docs embed it live). */
  spec: string;
  /** Set when rendering failed; the spec file is still written. */
  error?: string;
}

/** How one section of a reproduce run ended. */
export interface SectionOutcome {
  id: string;
  /** Heading (the section's own title, or the registry's when it failed). */
  title: string;
  status: 'ok' | 'error';
  /** True when the result came from a previous run's `section.json`. */
  resumed: boolean;
  /** Wall-clock seconds in this run (0 when resumed). */
  wallSeconds: number;
  section?: ReportSection;
  error?: { code: string | null; message: string; badInput: boolean };
  charts: RenderedChart[];
}

/** Settings and environment of a reproduce run. */
export interface RunMeta {
  startedAt: string;
  seed: number;
  quick: boolean;
  backend: string;
  versions: Record<string, string | null>;
  cores: number;
  sections: string[];
  /** Wall-clock seconds of the whole run, and per section. */
  seconds: number;
  timings: Record<string, number>;
}

/** Everything a reproduce run produced, before it is written out. */
export interface ReproduceReport {
  meta: RunMeta;
  outcomes: SectionOutcome[];
}

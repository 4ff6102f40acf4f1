import { join } from 'node:path';
import { checkOutDir } from '../out-dir.js';
import type { ProgressReporter, ReportSection } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';
import { exitCodeFor, isLmkitErrorLike, oneLineMessage, EXIT_BAD_INPUT } from '../errors.js';
import { SECTIONS, type SectionEntry } from './sections.js';
import { chartFiles, renderChartSvg } from './charts.js';
import { loadSavedSection, prepareWorkDir, validateSection, SECTION_FILE } from './section-file.js';
import { renderMarkdown } from './markdown.js';
import { reportJson } from './report-json.js';
import type { RenderedChart, ReproduceReport, RunMeta, SectionOutcome } from './model.js';

export type { ReproduceReport } from './model.js';

/** Inputs of {@link runReproduce}. */
export interface ReproduceOptions {
  /** Report folder (`--out`). */
  out: string;
  /** Section ids to run, in order. */
  only: readonly string[];
  quick: boolean;
  seed: number;
  /** Ignore saved section results and wipe the work folders. */
  fresh: boolean;
  /** Metadata recorded in the report (backend actually running, versions, cores). */
  backend: string;
  versions: Record<string, string | null>;
  cores: number;
  /** A progress reporter for a section. */
  progress: (sectionId: string) => ProgressReporter;
  /** One-line diagnostics (stderr). */
  log: (line: string) => void;
  /** Atomic file writer. */
  write: (path: string, data: string) => Promise<void>;
  /** The section registry (tests pass their own). */
  sections?: Record<string, SectionEntry>;
}

/** What {@link runReproduce} hands back. */
export interface ReproduceResult {
  report: ReproduceReport;
  /** The report.json document as written. */
  json: Record<string, unknown>;
  /** 0 when every section and chart succeeded, 2 when only bad input failed, else 1. */
  exitCode: number;
  /** Absolute-or-relative paths of report.md and report.json. */
  files: { markdown: string; json: string };
}

/**
 * Runs the selected sections one after the other (a failing section is recorded and the rest still run),
 * reusing finished sections saved in `out/.work/<id>/section.json`, then renders the charts and writes
 * `report.md`, `report.json` and `charts/*` atomically. Logs one plain line as each section starts and one as it
 * ends, with its elapsed seconds, whatever the terminal (a CI log or `nohup` file shows where the time went).
 */
export async function runReproduce(options: ReproduceOptions): Promise<ReproduceResult> {
  const registry: Record<string, SectionEntry> = options.sections ?? SECTIONS;
  await checkOutDir(options.out);
  const startedAt = new Date();
  const t0 = performance.now();
  const settings = { quick: options.quick, seed: options.seed };
  const outcomes: SectionOutcome[] = [];
  const timings: Record<string, number> = {};

  for (const [index, id] of options.only.entries()) {
    const entry = registry[id];
    if (!entry) throw new LmkitError('LMKIT_BAD_ARGUMENT', `unknown reproduce section "${id}": choose from ${Object.keys(registry).join(', ')}`);
    const workDir = join(options.out, '.work', id);
    const started = performance.now();
    const tag = `lmkit: reproduce ${id} (${index + 1}/${options.only.length})`;
    options.log(`${tag}: started: ${entry.title}`);
    const outcome = await runSection(id, entry, workDir, settings, options);
    outcome.wallSeconds = roundMs((performance.now() - started) / 1000);
    options.log(`${tag}: ${endWord(outcome)} in ${outcome.wallSeconds.toFixed(1)} s (${((performance.now() - t0) / 1000).toFixed(1)} s since start)`);
    timings[id] = outcome.wallSeconds;
    if (outcome.section) outcome.charts = await writeCharts(id, outcome.section, options);
    outcomes.push(outcome);
  }

  const meta: RunMeta = {
    startedAt: startedAt.toISOString(),
    seed: options.seed,
    quick: options.quick,
    backend: options.backend,
    versions: options.versions,
    cores: options.cores,
    sections: [...options.only],
    seconds: roundMs((performance.now() - t0) / 1000),
    timings,
  };
  const report: ReproduceReport = { meta, outcomes };
  const json = reportJson(report);
  const files = { markdown: join(options.out, 'report.md'), json: join(options.out, 'report.json') };
  await options.write(files.markdown, renderMarkdown(report));
  await options.write(files.json, `${JSON.stringify(json, null, 2)}\n`);
  return { report, json, exitCode: exitCodeOf(outcomes), files };
}

async function runSection(
  id: string,
  entry: SectionEntry,
  workDir: string,
  settings: { quick: boolean; seed: number },
  options: ReproduceOptions,
): Promise<SectionOutcome> {
  const base = { id, title: entry.title, wallSeconds: 0, charts: [] as RenderedChart[] };
  const progress = options.progress(id);
  try {
    const saved = options.fresh ? null : await loadSavedSection(workDir, id, settings);
    if (saved) {
      options.log(`lmkit: reproduce ${id}: reusing the finished result in ${join(workDir, SECTION_FILE)} (--fresh to rerun)`);
      return { ...base, title: saved.title, status: 'ok', resumed: true, section: saved };
    }
    await prepareWorkDir(workDir, settings, options.fresh, options.write);
    const runner = await entry.load();
    const section: ReportSection = validateSection(await runner({ ...settings, workDir, progress }), id);
    await options.write(join(workDir, SECTION_FILE), `${JSON.stringify({ settings, section })}\n`);
    return { ...base, title: section.title, status: 'ok', resumed: false, section };
  } catch (e) {
    const code = isLmkitErrorLike(e) ? e.code : null;
    const badInput = exitCodeFor(e) === EXIT_BAD_INPUT;
    options.log(`lmkit: reproduce section ${id} failed: ${oneLineMessage(e)}`);
    return { ...base, status: 'error', resumed: false, error: { code, message: oneLineMessage(e), badInput } };
  } finally {
    progress.done();
  }
}

async function writeCharts(sectionId: string, section: ReportSection, options: ReproduceOptions): Promise<RenderedChart[]> {
  const out: RenderedChart[] = [];
  for (const chart of section.charts) {
    const files = chartFiles(sectionId, chart.id);
    const rendered: RenderedChart = { id: chart.id, title: chart.title, ...files };
    await options.write(join(options.out, files.spec), `${JSON.stringify(chart.spec, null, 2)}\n`);
    try {
      await options.write(join(options.out, files.svg), await renderChartSvg(chart.spec));
    } catch (e) {
      rendered.error = oneLineMessage(e);
      options.log(`lmkit: reproduce ${sectionId}: chart ${chart.id} could not be rendered: ${rendered.error}`);
    }
    out.push(rendered);
  }
  return out;
}

/** `done`, `reused` or `failed`: the end of a section's log line. */
function endWord(outcome: SectionOutcome): string {
  if (outcome.status === 'error') return 'failed';
  return outcome.resumed ? 'reused' : 'done';
}

const roundMs = (seconds: number) => Math.round(seconds * 1000) / 1000;

function exitCodeOf(outcomes: readonly SectionOutcome[]): number {
  const failed = outcomes.filter((o) => o.status === 'error');
  const chartFailed = outcomes.some((o) => o.charts.some((c) => c.error));
  if (chartFailed || failed.some((o) => !o.error?.badInput)) return 1;
  return failed.length > 0 ? EXIT_BAD_INPUT : 0;
}

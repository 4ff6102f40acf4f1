/**
 * The Node glue of the trace experiment (`lmkit reproduce`, section `trace`): times the sandboxed
 * tracer, builds SingleLine at scale, the teaching programs, the stdlib doctests and the mutants
 * with the worker pool (files resume line by line),
 * trains the character-level model (its file resumes from the last checkpoint), evaluates every
 * held-out set against the baselines, and returns the report section. Everything lives in
 * `ctx.workDir`; `trace-result.json` there holds every number.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProgressReporter, ReportSection, ReproduceContext, ReproduceSectionRunner } from '@lmkit/tensor';
import { writeFileAtomic } from '@lmkit/tensor/node';
import type { BuildSetName } from '../datasets/candidates.js';
import { buildDatasetFile, droppedLogPath } from '../datasets/node/build-file.js';
import { datasetContext } from '../datasets/node/context.js';
import { poolTracer } from '../datasets/node/pool-tracer.js';
import { parseDatasetJsonl, type DatasetLine } from '../datasets/records-file.js';
import type { TraceExperimentResult, TracedSetStats } from '../experiment/result.js';
import { traceReportSection } from '../experiment/report.js';
import { EVAL_SETS, evaluateSet, splitTraceData, type EvalSetName, type TraceExperimentData, type SetEvaluation } from '../experiment/run.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type TraceExperimentSettings } from '../experiment/settings.js';
import { measureThroughput, type TracerThroughput } from '../experiment/throughput.js';
import { scaledSingleLineProgram } from '../datasets/singleline-scale.js';
import { MIXED_CURRICULUM, NAIVE_CURRICULUM } from '../model/mixture.js';
import { trainTraceModel } from '../model/node/train-run.js';
import { TracerPool } from './pool.js';

/** Files of the experiment in its work folder. */
const SETS: Array<{ file: string; set: BuildSetName; key: keyof TraceExperimentData }> = [
  { file: 'singleline2.jsonl', set: 'singleline2', key: 'singleline' },
  { file: 'teaching.jsonl', set: 'teaching', key: 'teaching' },
  { file: 'doctests.jsonl', set: 'tutorial', key: 'tutorial' },
  { file: 'codenetmut.jsonl', set: 'codenetmut', key: 'codenetmut' },
];
const MODEL_FILE = 'trace-model.lmkit';
const STAMP_FILE = 'trace-settings.json';
const DATA_STAMP_FILE = 'trace-data.json';
/** The JSON with every number of the last finished run. */
export const RESULT_FILE = 'trace-result.json';

/** `progress` that also logs a line at every `percent`% of a task (for logs without a terminal). */
function withLogLines(progress: ProgressReporter, percent: number): ProgressReporter {
  let task = { label: '', total: 0, done: 0, next: 0, step: 1, at: 0 };
  return {
    start(label, total) {
      const step = Math.max(1, Math.ceil((total * percent) / 100));
      task = { label, total, done: 0, next: step, step, at: performance.now() };
      progress.start(label, total);
    },
    tick(n = 1, status) {
      task.done += n;
      if (task.done >= task.next) {
        progress.log(`${task.label}: ${task.done}/${task.total}${status ? ` (${status})` : ''} · ${((performance.now() - task.at) / 1000).toFixed(0)} s`);
        task.next += task.step;
      }
      progress.tick(n, status);
    },
    done: () => progress.done(),
    log: (m) => progress.log(m),
  };
}

/** One line of a held-out set's headline numbers (model vs the copy baseline). */
function evalLine(e: SetEvaluation): string {
  const pct = (r: { value: number | null }): string => (r.value === null ? '—' : `${(100 * r.value).toFixed(1)}%`);
  const copy = e.baselines['copy the previous state'];
  return `${e.programs} programs, trace ${pct(e.model.traceAccuracy)}, output ${pct(e.model.outputAccuracy)}, line F1 ${pct(e.model.lineF1)}, id F1 ${pct(e.model.identifierF1)}${copy ? ` (copy baseline id F1 ${pct(copy.identifierF1)})` : ''}`;
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** The `trace` section of `lmkit reproduce` ({@link QUICK_SETTINGS} with `--quick`, else {@link FULL_SETTINGS}). */
export const reproduceTrace: ReproduceSectionRunner = (ctx) => runTraceExperiment(ctx, ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS);

/** Runs the experiment with `s` in `ctx.workDir` and returns its report section. */
export async function runTraceExperiment(ctx: ReproduceContext, s: TraceExperimentSettings): Promise<ReportSection> {
  const t0 = performance.now();
  await mkdir(ctx.workDir, { recursive: true });
  const file = (name: string): string => path.join(ctx.workDir, name);
  const sizes: Record<keyof TraceExperimentData, number> = { singleline: s.build.singleline, teaching: s.build.teaching, tutorial: 1_000_000, codenetmut: s.build.codenetmut };
  // Tracing is the slow part: a traced set is kept (and extended when it grows) unless it was built
  // with another seed or for a smaller set; a file without a stamp (e.g. one built by
  // `lmkit trace build` and copied here) is checked record by record as the build resumes it. A model
  // or result left by other settings cannot be resumed: it starts afresh.
  const oldData = JSON.parse((await readFile(file(DATA_STAMP_FILE), 'utf8').catch(() => null)) ?? '{}') as Record<string, { n: number; seed: number } | undefined>;
  for (const x of SETS) {
    const old = oldData[x.file];
    if (old && (old.seed !== ctx.seed || old.n > sizes[x.key])) {
      for (const f of [file(x.file), droppedLogPath(file(x.file))]) await rm(f, { force: true });
    }
  }
  await writeFile(file(DATA_STAMP_FILE), JSON.stringify(Object.fromEntries(SETS.map((x) => [x.file, { n: sizes[x.key], seed: ctx.seed }]))));
  const stamp = JSON.stringify({ settings: s, seed: ctx.seed });
  if ((await readFile(file(STAMP_FILE), 'utf8').catch(() => null)) !== stamp) {
    for (const f of [MODEL_FILE, RESULT_FILE]) await rm(file(f), { force: true });
    await writeFile(file(STAMP_FILE), stamp);
  }
  const logging = s.logEvery > 0;
  const dropped: Record<string, Record<string, number>> = {};
  const pool = new TracerPool({ size: s.workers });
  let throughput: TracerThroughput;
  try {
    await pool.ready();
    const tracer = poolTracer(pool);
    throughput = await measureThroughput(
      tracer,
      {
        singleline: Array.from({ length: s.throughputPrograms }, (_, i) => scaledSingleLineProgram(ctx.seed + 7919, i).source),
        tutorial: ((await datasetContext('tutorial')).tutorial ?? []).map((p) => p.source),
      },
      pool.size,
    );
    for (const x of SETS) {
      if (sizes[x.key] === 0) continue;
      const started = performance.now();
      const progress = logging ? withLogLines(ctx.progress, 10) : ctx.progress;
      const built = await buildDatasetFile({ set: x.set, n: sizes[x.key], seed: ctx.seed, out: file(x.file), concurrency: 4 * s.workers, progress }, await datasetContext(x.set), tracer);
      dropped[x.key] = built.dropped;
      if (logging) {
        const resumed = built.resumedAt > built.from ? `, resumed at program ${built.resumedAt}` : '';
        ctx.progress.log(`trace data: ${x.file} has ${built.total} records (${built.written} traced now${resumed}; dropped ${JSON.stringify(built.dropped)}) · ${((performance.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  } finally {
    await pool.close();
  }
  const data = {} as TraceExperimentData;
  for (const x of SETS) {
    const text = sizes[x.key] === 0 ? '' : await readFile(file(x.file), 'utf8');
    data[x.key] = parseDatasetJsonl(text, file(x.file));
  }
  const splits = splitTraceData(data, s);

  const run = await trainTraceModel({
    train: splits.train,
    curve: splits.curve,
    out: file(MODEL_FILE),
    model: { ...s.model, seed: ctx.seed },
    steps: s.steps,
    tokenBudget: s.tokenBudget,
    lr: s.lr,
    seed: ctx.seed,
    phases: s.curriculum === 'naive' ? NAIVE_CURRICULUM : MIXED_CURRICULUM,
    checkpointEvery: s.checkpointEvery,
    ...(s.curve.every > 0 ? { curveEvery: s.curve.every } : {}),
    ...(logging ? { logEvery: s.logEvery } : {}),
    progress: ctx.progress,
  });
  const model = run.model;
  const modelInfo = { config: model.config, parameters: model.transformer.parameterCount(), vocabSize: model.tokenizer.vocabSize, vocabulary: model.tokenizer.fingerprint() };
  const evaluation = {} as Record<EvalSetName, SetEvaluation>;
  const evalStart = performance.now();
  try {
    const total = EVAL_SETS.reduce((a, k) => a + splits.evaluate[k].length, 0);
    const progress = logging ? withLogLines(ctx.progress, 10) : ctx.progress;
    progress.start('trace eval', total);
    for (const [i, k] of EVAL_SETS.entries()) {
      const started = performance.now();
      evaluation[k] = evaluateSet(model, splits.evaluate[k], ctx.seed + i, { onDone: () => progress.tick(1), capFactor: s.evalCap });
      if (logging) progress.log(`trace eval: ${k} · ${evalLine(evaluation[k])} · ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
    progress.done();
  } finally {
    model.dispose();
  }
  const traced: Record<string, TracedSetStats> = {};
  for (const x of SETS) {
    const recs: DatasetLine[] = data[x.key];
    if (sizes[x.key] === 0) continue;
    traced[x.key] = {
      records: recs.length,
      dropped: dropped[x.key] ?? {},
      meanSteps: mean(recs.map((r) => r.trace.split('<line>').length - 1)),
      meanTraceWords: mean(recs.map((r) => r.trace.split(' ').filter(Boolean).length)),
      printing: recs.filter((r) => r.trace.includes('<output>')).length,
    };
  }
  const result: TraceExperimentResult = {
    settings: s,
    seed: ctx.seed,
    model: modelInfo,
    training: {
      steps: run.state.stepsDone,
      positions: run.state.positions,
      traceTokens: run.state.traceTokens,
      seconds: run.state.seconds,
      resumedFrom: run.resumedFrom,
      examples: run.examples,
      truncated: run.truncated,
      phases: run.state.run.phases,
      losses: run.state.losses,
      sources: run.state.sources,
    },
    curve: run.state.curve,
    evaluation,
    datasets: { traced, heldOut: splits.heldOut, duplicates: splits.duplicates, leaksRemoved: splits.leaksRemoved },
    evalSeconds: (performance.now() - evalStart) / 1000,
    throughput,
  };
  await writeFileAtomic(file(RESULT_FILE), JSON.stringify(result, null, 1));
  return traceReportSection(result, (performance.now() - t0) / 1000);
}

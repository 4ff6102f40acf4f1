/**
 * The Node glue of the trace-model experiment: builds SingleLine at scale, the teaching programs,
 * the stdlib doctests and the mutants with the sandboxed worker pool (files resume line by line),
 * trains the character-level model (its file resumes from the last checkpoint), evaluates every
 * held-out set against the baselines, and returns the report section. Everything lives in
 * `ctx.workDir`; `executor-result.json` there holds every number.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportSection, ReproduceContext } from '@lmkit/tensor';
import { writeFileAtomic } from '@lmkit/tensor/node';
import type { BuildSetName } from '../datasets/candidates.js';
import { buildDatasetFile } from '../datasets/node/build-file.js';
import { datasetContext } from '../datasets/node/context.js';
import { poolTracer } from '../datasets/node/pool-tracer.js';
import { parseDatasetJsonl, type DatasetLine } from '../datasets/records-file.js';
import type { ExecutorResult, TracedSetStats } from '../experiment/executor-result.js';
import { executorReportSection } from '../experiment/executor-report.js';
import { EVAL_SETS, evaluateSet, splitExecutorData, type EvalSetName, type ExecutorData, type SetEvaluation } from '../experiment/executor-run.js';
import type { ExecutorSettings } from '../experiment/executor-settings.js';
import { MIXED_CURRICULUM, NAIVE_CURRICULUM } from '../model/mixture.js';
import { runCharTraining } from '../model/node/char-run.js';
import { TracerPool } from './pool.js';

/** Files of the experiment in its work folder. */
const SETS: Array<{ file: string; set: BuildSetName; key: keyof ExecutorData }> = [
  { file: 'singleline2.jsonl', set: 'singleline2', key: 'singleline' },
  { file: 'teaching.jsonl', set: 'teaching', key: 'teaching' },
  { file: 'doctests.jsonl', set: 'tutorial', key: 'tutorial' },
  { file: 'codenetmut.jsonl', set: 'codenetmut', key: 'codenetmut' },
];
const MODEL_FILE = 'executor-model.lmkit';
const STAMP_FILE = 'executor-settings.json';
/** The JSON with every number of the last finished run. */
export const EXECUTOR_RESULT_FILE = 'executor-result.json';

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Runs the experiment with `s` in `ctx.workDir` and returns its report section. */
export async function runExecutorExperiment(ctx: ReproduceContext, s: ExecutorSettings): Promise<ReportSection> {
  const t0 = performance.now();
  await mkdir(ctx.workDir, { recursive: true });
  const file = (name: string): string => path.join(ctx.workDir, name);
  // Work left by other settings cannot be resumed: start afresh.
  const stamp = JSON.stringify({ settings: s, seed: ctx.seed });
  if ((await readFile(file(STAMP_FILE), 'utf8').catch(() => null)) !== stamp) {
    for (const f of [...SETS.map((x) => x.file), MODEL_FILE, EXECUTOR_RESULT_FILE]) await rm(file(f), { force: true });
    await writeFile(file(STAMP_FILE), stamp);
  }

  const sizes: Record<keyof ExecutorData, number> = { singleline: s.build.singleline, teaching: s.build.teaching, tutorial: 1_000_000, codenetmut: s.build.codenetmut };
  const dropped: Record<string, Record<string, number>> = {};
  const pool = new TracerPool({ size: s.workers });
  try {
    const tracer = poolTracer(pool);
    for (const x of SETS) {
      if (sizes[x.key] === 0) continue;
      const built = await buildDatasetFile({ set: x.set, n: sizes[x.key], seed: ctx.seed, out: file(x.file), concurrency: 4 * s.workers, progress: ctx.progress }, await datasetContext(x.set), tracer);
      dropped[x.key] = built.dropped;
    }
  } finally {
    await pool.close();
  }
  const data = {} as ExecutorData;
  for (const x of SETS) {
    const text = sizes[x.key] === 0 ? '' : await readFile(file(x.file), 'utf8');
    data[x.key] = parseDatasetJsonl(text, file(x.file));
  }
  const splits = splitExecutorData(data, s);

  const run = await runCharTraining({
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
    progress: ctx.progress,
  });
  const model = run.model;
  const modelInfo = { config: model.config, parameters: model.transformer.parameterCount(), vocabSize: model.tokenizer.vocabSize, vocabulary: model.tokenizer.fingerprint() };
  const evaluation = {} as Record<EvalSetName, SetEvaluation>;
  const evalStart = performance.now();
  try {
    const total = EVAL_SETS.reduce((a, k) => a + splits.evaluate[k].length, 0);
    ctx.progress.start('trace eval', total);
    for (const [i, k] of EVAL_SETS.entries()) evaluation[k] = evaluateSet(model, splits.evaluate[k], ctx.seed + i, () => ctx.progress.tick(1));
    ctx.progress.done();
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
  const result: ExecutorResult = {
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
  };
  await writeFileAtomic(file(EXECUTOR_RESULT_FILE), JSON.stringify(result, null, 1));
  return executorReportSection(result, (performance.now() - t0) / 1000);
}

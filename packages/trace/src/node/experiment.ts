/**
 * The Node glue of the trace experiment (`lmkit reproduce`, section `trace`): builds SingleLine,
 * Tutorial and mutant datasets with the sandboxed worker pool, trains the small trace model with the
 * curriculum, and hands the numbers to the browser-safe steps in ../experiment/. Everything lives in
 * `ctx.workDir`: datasets resume line by line, the model from its checkpoint.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ReportSection, ReproduceContext, ReproduceSectionRunner } from '@lmkit/tensor';
import type { DatasetRecord } from '../datasets/build.js';
import type { DatasetName } from '../datasets/candidates.js';
import { buildDatasetFile } from '../datasets/node/build-file.js';
import { datasetContext } from '../datasets/node/context.js';
import { poolTracer } from '../datasets/node/pool-tracer.js';
import { singleLineProgram } from '../datasets/singleline.js';
import { trainTraceModelFile } from '../model/node/train-file.js';
import { traceReportSection } from '../experiment/report.js';
import { datasetStats, evaluateHeldOut, measureThroughput, splitTraceDatasets, type HeldOutEvaluation, type TraceExperimentResult, type TracerThroughput, type TraceTrainingRecord } from '../experiment/run.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type TraceExperimentSettings } from '../experiment/settings.js';
import { TracerPool } from './pool.js';

/** The `trace` section of `lmkit reproduce` ({@link QUICK_SETTINGS} with `--quick`, else {@link FULL_SETTINGS}). */
export const reproduceTrace: ReproduceSectionRunner = async (ctx) => runTraceExperiment(ctx, ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS);

async function readRecords(file: string): Promise<DatasetRecord[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as DatasetRecord);
}

/** Runs the trace experiment with explicit settings (tests use tiny ones) and returns its report section. */
export async function runTraceExperiment(ctx: ReproduceContext, s: TraceExperimentSettings): Promise<ReportSection> {
  const t0 = performance.now();
  await mkdir(ctx.workDir, { recursive: true });
  const file = (name: string): string => path.join(ctx.workDir, name);
  // Work left by a run with other settings cannot be resumed: start this section afresh.
  const stamp = JSON.stringify({ settings: s, seed: ctx.seed });
  const previous = await readFile(file('trace-settings.json'), 'utf8').catch(() => null);
  if (previous !== stamp) {
    for (const f of ['singleline.jsonl', 'tutorial.jsonl', 'mutants.jsonl', 'trace-model.lmkit']) await rm(file(f), { force: true });
    await writeFile(file('trace-settings.json'), stamp);
  }
  const pool = new TracerPool({ size: s.workers });
  const dropped: Partial<Record<DatasetName, Record<string, number>>> = {};
  let throughput: TracerThroughput;
  try {
    await pool.ready();
    const tracer = poolTracer(pool);
    const tutorialPrograms = (await datasetContext('tutorial')).tutorial ?? [];
    throughput = await measureThroughput(
      tracer,
      {
        singleline: Array.from({ length: s.throughputPrograms }, (_, i) => singleLineProgram(ctx.seed + 7919, i).source),
        tutorial: tutorialPrograms.map((p) => p.source),
      },
      pool.size,
    );
    const sizes: Record<DatasetName, number> = { singleline: s.singlelineTrain + s.singlelineTest, tutorial: 1_000_000, mutants: s.mutants };
    for (const set of ['singleline', 'tutorial', 'mutants'] as const) {
      const dc = await datasetContext(set);
      const built = await buildDatasetFile({ set, n: sizes[set], seed: ctx.seed, out: file(`${set}.jsonl`), concurrency: 4 * s.workers, progress: ctx.progress }, dc, tracer);
      dropped[set] = built.dropped;
    }
  } finally {
    await pool.close();
  }
  const sets = { singleline: await readRecords(file('singleline.jsonl')), tutorial: await readRecords(file('tutorial.jsonl')), mutants: await readRecords(file('mutants.jsonl')) };
  const splits = splitTraceDatasets(sets, s);

  const modelFile = file('trace-model.lmkit');
  const train = () =>
    trainTraceModelFile({
      singleline: splits.singlelineTrain,
      tutorial: [...splits.tutorialTrain, ...splits.mutantsTrain],
      out: modelFile,
      steps: s.steps,
      model: { ...s.model, seed: ctx.seed },
      batchSize: s.batchSize,
      lr: s.lr,
      seed: ctx.seed,
      tutorialShare: s.tutorialShare,
      resume: true,
      checkpointEvery: s.checkpointEvery,
      progress: ctx.progress,
    });
  let trained: Awaited<ReturnType<typeof trainTraceModelFile>>;
  const trainStart = performance.now();
  try {
    trained = await train();
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code !== 'LMKIT_BAD_CHECKPOINT') throw e;
    ctx.progress.log(`trace: ignoring ${modelFile} (${(e as Error).message}); training from scratch`);
    await rm(modelFile, { force: true });
    trained = await train();
  }
  const model = trained.model;
  const training: TraceTrainingRecord = {
    parameters: model.transformer.parameterCount(),
    vocabSize: model.tokenizer.vocabSize,
    config: { numLayers: model.config.numLayers, dModel: model.config.dModel, numHeads: model.config.numHeads, maxLen: model.config.maxLen },
    stages: trained.stages,
    steps: trained.steps,
    resumedFrom: trained.resumedFrom,
    trainSeconds: (performance.now() - trainStart) / 1000,
    losses: trained.losses,
  };
  let evaluation: HeldOutEvaluation;
  try {
    evaluation = evaluateHeldOut(model, splits, s, ctx.progress);
  } finally {
    model.dispose();
  }
  const result: TraceExperimentResult = {
    settings: s,
    seed: ctx.seed,
    training,
    trainPrograms: { singleline: splits.singlelineTrain.length, tutorial: splits.tutorialTrain.length + splits.mutantsTrain.length },
    evaluation,
    tutorialHeldOut: splits.tutorialTest.length,
    throughput,
    datasets: datasetStats(sets, dropped),
  };
  return traceReportSection(result, (performance.now() - t0) / 1000);
}

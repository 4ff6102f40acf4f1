/**
 * Trains a trace model with the curriculum and keeps a resumable model file: written atomically
 * every `checkpointEvery` steps and at the end; `resume` continues from it exactly.
 */
import { existsSync } from 'node:fs';
import { ArgumentError, silentProgress, type ProgressReporter, type Trainer } from '@lmkit/tensor';
import { buildCurriculum, fitTraceTokenizer, type TrainingRecord } from '../curriculum.js';
import { TraceModel, DEFAULT_TRACE_MODEL, type TraceModelConfig } from '../trace-model.js';
import { curriculumSteps, trainCurriculum } from '../train.js';
import { loadTraceModel, saveTraceModel } from './model-file.js';

/** Options of {@link trainTraceModelFile}. */
export interface TrainFileOptions {
  singleline: readonly TrainingRecord[];
  /** Tutorial-style records (tutorial and mutants). */
  tutorial: readonly TrainingRecord[];
  out: string;
  steps: number;
  /** Model shape (default {@link DEFAULT_TRACE_MODEL}); ignored when resuming (the file's shape wins). */
  model?: Partial<TraceModelConfig>;
  batchSize?: number;
  lr?: number;
  seed: number;
  tutorialShare?: number;
  /** Continue from `out` when it exists. */
  resume?: boolean;
  /** Default 50. */
  checkpointEvery?: number;
  /** Stop (after saving) once this many steps are done, as if interrupted; default run to the end. */
  stopAfter?: number;
  progress?: ProgressReporter;
}

/** Result of {@link trainTraceModelFile}; the caller disposes `model`. */
export interface TrainFileResult {
  model: TraceModel;
  steps: number;
  /** Steps run by this call. */
  ran: number;
  losses: number[];
  stages: Array<{ name: string; examples: number; steps: number }>;
  resumedFrom: number;
}

/** Trains (or resumes) a trace model and saves it to `options.out`. */
export async function trainTraceModelFile(options: TrainFileOptions): Promise<TrainFileResult> {
  const progress = options.progress ?? silentProgress;
  const batchSize = options.batchSize ?? 16;
  let model: TraceModel;
  let trainer: Trainer | undefined;
  let losses: number[] = [];
  if (options.resume && existsSync(options.out)) {
    const loaded = await loadTraceModel(options.out);
    model = loaded.model;
    trainer = loaded.trainer ?? undefined;
    losses = ((loaded.meta.info?.losses as number[] | undefined) ?? []).slice();
  } else {
    if (options.singleline.length + options.tutorial.length === 0) throw new ArgumentError('no training programs: give SingleLine and/or Tutorial-style records');
    const tok = fitTraceTokenizer([...options.singleline, ...options.tutorial]);
    model = new TraceModel(tok, { ...DEFAULT_TRACE_MODEL, seed: options.seed, ...options.model });
  }
  const stages = buildCurriculum(model.tokenizer, options.singleline, options.tutorial, {
    maxLen: model.config.maxLen,
    steps: options.steps,
    ...(options.tutorialShare !== undefined ? { tutorialShare: options.tutorialShare } : {}),
  });
  const total = curriculumSteps(stages);
  const start = trainer?.step ?? 0;
  const every = options.checkpointEvery ?? 50;
  const info = () => ({ losses, seed: options.seed, stages: stages.map((s) => ({ name: s.name, examples: s.examples.length, steps: s.steps })) });
  progress.start('trace train', Math.max(0, total - start));
  const stopAt = Math.min(total, options.stopAfter ?? total);
  // Train in slices between checkpoints (saving is async, training is not).
  while ((trainer?.step ?? 0) < stopAt) {
    const from = trainer?.step ?? 0;
    const sliceEnd = Math.min(stopAt, (Math.floor(from / every) + 1) * every);
    const r = trainCurriculum(model, stages, {
      batchSize,
      seed: options.seed,
      ...(options.lr !== undefined ? { lr: options.lr } : {}),
      ...(trainer ? { trainer } : {}),
      onStep: (s) => {
        losses.push(s.loss);
        progress.tick(1, `${s.stage} loss ${s.loss.toFixed(3)}`);
        return s.step + 1 >= sliceEnd ? 'stop' : undefined;
      },
    });
    trainer = r.trainer;
    await saveTraceModel(options.out, model, trainer, info());
  }
  const done = trainer?.step ?? 0;
  trainer?.dispose();
  progress.done();
  return {
    model,
    steps: total,
    ran: done - start,
    losses,
    stages: stages.map((s) => ({ name: s.name, examples: s.examples.length, steps: s.steps })),
    resumedFrom: start,
  };
}

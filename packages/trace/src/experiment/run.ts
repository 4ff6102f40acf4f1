/**
 * The computing steps of the trace experiment, free of files and workers (browser-safe): split the
 * traced datasets, time the tracer, evaluate the trained model on held-out programs, summarise.
 * The Node glue (dataset files, worker pool, model file) is in ../node/experiment.ts.
 */
import type { ProgressReporter } from '@lmkit/tensor';
import type { DatasetRecord, TraceProgram } from '../datasets/build.js';
import type { DatasetName } from '../datasets/candidates.js';
import { encodePrompt } from '../model/examples.js';
import { evaluateTraceModel, type TraceModelEvaluation } from '../model/evaluate.js';
import type { TraceModel } from '../model/trace-model.js';
import type { TraceExperimentSettings } from './settings.js';

/** The three traced datasets of the experiment. */
export type TraceDatasets = Record<DatasetName, DatasetRecord[]>;

/** Training and held-out parts of {@link TraceDatasets}. */
export interface TraceSplits {
  singlelineTrain: DatasetRecord[];
  singlelineTest: DatasetRecord[];
  tutorialTrain: DatasetRecord[];
  tutorialTest: DatasetRecord[];
  /** Mutants of training Tutorial programs (mutants of held-out programs stay out of training). */
  mutantsTrain: DatasetRecord[];
}

/** SingleLine splits by index; Tutorial by program, and mutants follow their base program. */
export function splitTraceDatasets(sets: TraceDatasets, s: TraceExperimentSettings): TraceSplits {
  const heldOut = (tutorialIndex: number): boolean => tutorialIndex % s.tutorialHoldoutEvery === 0;
  return {
    singlelineTrain: sets.singleline.filter((r) => r.index < s.singlelineTrain),
    singlelineTest: sets.singleline.filter((r) => r.index >= s.singlelineTrain),
    tutorialTrain: sets.tutorial.filter((r) => !heldOut(r.index)),
    tutorialTest: sets.tutorial.filter((r) => heldOut(r.index)),
    mutantsTrain: sets.mutants.filter((r) => !heldOut((r.origin.base as { index: number } | undefined)?.index ?? 0)),
  };
}

/** The model's evaluation on both held-out sets. */
export interface HeldOutEvaluation {
  singleline: TraceModelEvaluation;
  tutorial: TraceModelEvaluation;
  /** Held-out Tutorial programs whose prompt fits the context (at most `tutorialEvalMax` are predicted). */
  tutorialEvaluated: number;
}

/** Predicts the held-out programs greedily and scores them (Tutorial programs that do not fit the context are skipped). */
export function evaluateHeldOut(model: TraceModel, splits: TraceSplits, s: TraceExperimentSettings, progress: ProgressReporter): HeldOutEvaluation {
  const fits = (r: DatasetRecord): boolean => encodePrompt(model.tokenizer, r.source, 'tutorial').length + 8 < model.config.maxLen;
  const tuFit = splits.tutorialTest.filter(fits).slice(0, s.tutorialEvalMax);
  progress.start('trace eval', splits.singlelineTest.length + tuFit.length);
  const singleline = evaluateTraceModel(model, splits.singlelineTest, 'singleline', () => progress.tick(1));
  const tutorial = evaluateTraceModel(model, tuFit, 'tutorial', () => progress.tick(1));
  progress.done();
  return { singleline, tutorial, tutorialEvaluated: tuFit.length };
}

/** Programs/s and line events/s of a tracer on SingleLine and Tutorial programs. */
export interface TracerThroughput {
  workers: number;
  singlelinePrograms: number;
  singlelineProgramsPerSec: number | null;
  singlelineLinesPerSec: number | null;
  tutorialPrograms: number;
  tutorialProgramsPerSec: number | null;
  tutorialLinesPerSec: number | null;
}

/** Times `tracer` on every program of each set, all in flight at once (the tracer queues them). */
export async function measureThroughput(tracer: TraceProgram, programs: { singleline: string[]; tutorial: string[] }, workers: number): Promise<TracerThroughput> {
  const timeAll = async (sources: string[]): Promise<{ perSec: number | null; linesPerSec: number | null }> => {
    if (sources.length === 0) return { perSec: null, linesPerSec: null };
    const t = performance.now();
    const rs = await Promise.all(sources.map((src) => tracer(src)));
    const sec = (performance.now() - t) / 1000;
    const lines = rs.reduce((a, r) => a + r.steps, 0);
    return { perSec: sources.length / sec, linesPerSec: lines / sec };
  };
  const sl = await timeAll(programs.singleline);
  const tu = await timeAll(programs.tutorial);
  return {
    workers,
    singlelinePrograms: programs.singleline.length,
    singlelineProgramsPerSec: sl.perSec,
    singlelineLinesPerSec: sl.linesPerSec,
    tutorialPrograms: programs.tutorial.length,
    tutorialProgramsPerSec: tu.perSec,
    tutorialLinesPerSec: tu.linesPerSec,
  };
}

/** Size and shape of one traced dataset. */
export interface DatasetStats {
  records: number;
  meanSteps: number | null;
  meanTraceWords: number | null;
  meanSourceLines: number | null;
  /** Programs that print something. */
  printing: number;
  /** Programs dropped by this run's build (raised or broke a limit), by error kind. */
  droppedThisRun: Record<string, number>;
}

/** Statistics of the three datasets, the mutation operators used and the Tutorial source files. */
export interface TraceDatasetStats {
  singleline: DatasetStats;
  tutorial: DatasetStats;
  mutants: DatasetStats;
  /** Mutants per operator. */
  mutantOperators: Record<string, number>;
  /** Stdlib files the Tutorial programs come from, sorted. */
  tutorialSourceFiles: string[];
}

const mean = (xs: number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);

/** Summarises the datasets; `dropped` gives this run's dropped programs per set and kind. */
export function datasetStats(sets: TraceDatasets, dropped: Partial<Record<DatasetName, Record<string, number>>>): TraceDatasetStats {
  const one = (name: DatasetName): DatasetStats => {
    const recs = sets[name];
    return {
      records: recs.length,
      meanSteps: mean(recs.map((r) => r.steps)),
      meanTraceWords: mean(recs.map((r) => r.trace.split(' ').filter(Boolean).length)),
      meanSourceLines: mean(recs.map((r) => r.source.trimEnd().split('\n').length)),
      printing: recs.filter((r) => r.output !== '').length,
      droppedThisRun: dropped[name] ?? {},
    };
  };
  const ops: Record<string, number> = {};
  for (const r of sets.mutants) {
    const op = String(r.origin.operator);
    ops[op] = (ops[op] ?? 0) + 1;
  }
  return {
    singleline: one('singleline'),
    tutorial: one('tutorial'),
    mutants: one('mutants'),
    mutantOperators: ops,
    tutorialSourceFiles: [...new Set(sets.tutorial.map((r) => String(r.origin.file)))].sort(),
  };
}

/** What the training step reports back. */
export interface TraceTrainingRecord {
  parameters: number;
  vocabSize: number;
  /** The trained model's shape. */
  config: { numLayers: number; dModel: number; numHeads: number; maxLen: number };
  stages: Array<{ name: string; examples: number; steps: number }>;
  steps: number;
  resumedFrom: number;
  trainSeconds: number;
  losses: number[];
}

/** Everything the trace experiment measured (the report is written from it). */
export interface TraceExperimentResult {
  settings: TraceExperimentSettings;
  seed: number;
  training: TraceTrainingRecord;
  /** Training programs: SingleLine, and Tutorial plus mutants. */
  trainPrograms: { singleline: number; tutorial: number };
  evaluation: HeldOutEvaluation;
  /** Held-out Tutorial programs (before the context filter). */
  tutorialHeldOut: number;
  throughput: TracerThroughput;
  datasets: TraceDatasetStats;
}

/**
 * Curriculum training of the trace model (SingleLine first, then Tutorial-style programs, as in the
 * paper). Batches are drawn deterministically from (seed, step), so a run resumed from a checkpoint
 * sees exactly the batches it would have seen. Browser-safe.
 */
import { ArgumentError, Rng, Trainer, type StepInfo } from '@lmkit/tensor';
import { makeBatch, type EncodedExample } from './examples.js';
import type { TraceModel } from './trace-model.js';

/** One stage of the curriculum. */
export interface CurriculumStage {
  /** e.g. `singleline`, `tutorial`. */
  name: string;
  examples: readonly EncodedExample[];
  steps: number;
  /** Fraction of each batch drawn from the earlier stages' examples (rehearsal). Default 0. */
  rehearsal?: number;
}

/** Options of {@link trainCurriculum}. */
export interface CurriculumOptions {
  batchSize: number;
  /** Peak learning rate. Default 3e-3. */
  lr?: number;
  seed: number;
  /** A trainer to continue (restored from a checkpoint); default a fresh one. */
  trainer?: Trainer;
  /** Called after every step; return `'stop'` to end early (e.g. to checkpoint and quit). */
  onStep?: (info: StepInfo & { stage: string }) => void | 'stop';
}

/** Total steps of a curriculum. */
export const curriculumSteps = (stages: readonly CurriculumStage[]): number => stages.reduce((a, s) => a + s.steps, 0);

/** Which stage global step `step` belongs to. */
export function stageAt(stages: readonly CurriculumStage[], step: number): { stage: CurriculumStage; index: number } {
  let end = 0;
  for (let i = 0; i < stages.length; i++) {
    end += stages[i]!.steps;
    if (step < end) return { stage: stages[i]!, index: i };
  }
  return { stage: stages[stages.length - 1]!, index: stages.length - 1 };
}

/** The examples of batch `step` (deterministic in seed and step). */
export function curriculumBatch(stages: readonly CurriculumStage[], step: number, batchSize: number, seed: number): EncodedExample[] {
  const { stage, index } = stageAt(stages, step);
  const earlier = stages.slice(0, index).flatMap((s) => s.examples);
  const r = new Rng((Math.imul(seed, 1_000_003) + step) >>> 0);
  return Array.from({ length: batchSize }, () => {
    const fromEarlier = earlier.length > 0 && r.next() < (stage.rehearsal ?? 0);
    const pool = fromEarlier ? earlier : stage.examples;
    return pool[r.int(pool.length)]!;
  });
}

/**
 * Trains `model` through the stages (one AdamW run with warm-up + cosine over all steps) starting at
 * the trainer's current step. Returns the trainer (caller disposes it) and the per-step losses.
 */
export function trainCurriculum(model: TraceModel, stages: readonly CurriculumStage[], options: CurriculumOptions): { trainer: Trainer; losses: number[] } {
  for (const s of stages) if (s.steps > 0 && s.examples.length === 0) throw new ArgumentError(`curriculum stage "${s.name}" has no examples that fit the model`);
  const total = curriculumSteps(stages);
  const trainer = options.trainer ?? new Trainer(model.transformer, { totalSteps: total, lr: options.lr ?? 3e-3, warmupSteps: Math.min(50, Math.floor(total / 10)) });
  const losses: number[] = [];
  for (let step = trainer.step; step < total; step++) {
    const batch = makeBatch(model.tokenizer, curriculumBatch(stages, step, options.batchSize, options.seed));
    const info = trainer.trainStep(batch);
    losses.push(info.loss);
    if (options.onStep?.({ ...info, stage: stageAt(stages, step).stage.name }) === 'stop') break;
  }
  return { trainer, losses };
}

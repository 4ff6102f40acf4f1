/**
 * The training steps of the character-level trace model: each step draws its batch from the
 * curriculum mixture (mixture.ts) by token budget (token-batches.ts) and weighs the loss like the
 * paper (structure tokens 1, other trace tokens 10, source 0). Browser-safe.
 */
import { Trainer, type StepInfo } from '@lmkit/tensor';
import type { TraceModel } from './trace-model.js';
import { makeBatch } from './examples.js';
import { mixtureBatch, type MixturePhase } from './mixture.js';
import type { LengthPool } from './token-batches.js';

/** A training program: its source and gold trace. */
export interface TrainProgram {
  source: string;
  trace: string;
}

/** What one step did. */
export interface TraceStepInfo extends StepInfo {
  /** Data source of the batch. */
  source: string;
  /** Programs in the batch. */
  examples: number;
  /** Positions of the batch, padding included (the compute spent). */
  positions: number;
  /** Trace tokens predicted (positions with a non-zero loss weight). */
  traceTokens: number;
}

/** Options of {@link trainMixture}. */
export interface TrainMixtureOptions {
  pools: ReadonlyMap<string, LengthPool>;
  phases: readonly MixturePhase[];
  /** Steps of the whole run (the schedule and the curriculum phases depend on it). */
  totalSteps: number;
  /** Token budget of a batch (padding included). */
  tokenBudget: number;
  seed: number;
  /** Run steps until the trainer reaches this step (exclusive). */
  until: number;
  /** Called after every step; return `'stop'` to end early. */
  onStep?: (info: TraceStepInfo) => 'stop' | undefined;
}

/** A fresh trainer for a run of `totalSteps` (AdamW, warm-up then cosine to lr/10). */
export function newTraceTrainer(model: TraceModel, totalSteps: number, lr: number): Trainer {
  return new Trainer(model.transformer, { totalSteps, lr, warmupSteps: Math.min(200, Math.max(1, Math.floor(totalSteps / 20))) });
}

/** Trains from the trainer's current step up to `options.until`. */
export function trainMixture(model: TraceModel, trainer: Trainer, options: TrainMixtureOptions): void {
  for (let step = trainer.step; step < Math.min(options.until, options.totalSteps); step++) {
    const { source, examples } = mixtureBatch(options.pools, options.phases, step, options.totalSteps, options.seed, options.tokenBudget);
    const batch = makeBatch(model.tokenizer, examples);
    const info = trainer.trainStep(batch);
    const positions = batch.inputs.length * (batch.inputs[0]?.length ?? 0);
    if (options.onStep?.({ ...info, source, examples: examples.length, positions, traceTokens: info.tokens }) === 'stop') break;
  }
}

import { learnedPositions, Rng, Trainer, Transformer, type AttentionPattern, type PositionEncoding } from '@lmkit/tensor';
import { alibi, type GeometricSlopes } from '@lmkit/xpos';
import { CLASSES_PER_TASK, pretrainSequence, type TaskVocab } from './tasks.js';

/** Options of {@link pretrainIclModel}. */
export interface PretrainOptions {
  /** Model width [64]. */
  dModel?: number;
  /** Heads [4]. */
  numHeads?: number;
  /** Layers [2]. */
  numLayers?: number;
  /** Optimiser steps [800]. */
  steps?: number;
  /** Sequences per step [32]. */
  batch?: number;
  /** Examples per pre-training sequence [9]. */
  examplesPerSequence?: number;
  /** Words each class draws from in pre-training [3]. */
  wordsPerClass?: number;
  /** Loss weight of non-label tokens [0]. */
  wordWeight?: number;
  /** Peak learning rate [3e-3]. */
  lr?: number;
  /** Seed of initialisation and data [0]. */
  seed?: number;
  /** Position encoding: a `learned` absolute table or `alibi` with {@link ICL_ALIBI_SLOPES} [alibi]. */
  position?: 'learned' | 'alibi';
  /** Attention pattern (e.g. momentum attention); default causal. */
  pattern?: AttentionPattern;
  /** Called every 50 steps. */
  onStep?: (step: number, loss: number) => void;
}

/** A pre-trained model and how training went. */
export interface PretrainResult {
  model: Transformer;
  /** Mean training loss per 50 steps. */
  lossCurve: number[];
  /** Longest sequence the position table covers. */
  maxLength: number;
}

/**
 * ALiBi head slopes of the analysis models: 1, 1/4, 1/16, … (4^−h), steeper than the paper's
 * 2^(−8(h+1)/H) (for 4 heads exactly 4× them). Steep heads make "look at the nearest token of some
 * kind" (a label attending to its input word) easy for a tiny model to learn.
 */
export const ICL_ALIBI_SLOPES: GeometricSlopes = { first: 1, ratio: 1 / 4 };

/** Seed offset of the learned position table, so it does not draw the same numbers as the weights. */
const LEARNED_POSITION_SEED_OFFSET = 0x9e37;

/** The analysis models' position encoding (see {@link PretrainOptions.position}). */
export function iclPosition(kind: 'learned' | 'alibi', maxLength: number, dModel: number, seed: number): PositionEncoding {
  return kind === 'learned'
    ? learnedPositions({ maxLength, dModel, seed: seed ^ LEARNED_POSITION_SEED_OFFSET })
    : alibi({ slopes: ICL_ALIBI_SLOPES });
}

/** Model config used by the analysis (shared by the trained and the untrained baseline models). */
export function iclModel(vocab: TaskVocab, o: PretrainOptions = {}, maxLength = 64): Transformer {
  const dModel = o.dModel ?? 64;
  const seed = o.seed ?? 0;
  return new Transformer(
    { vocabSize: vocab.size, dModel, numHeads: o.numHeads ?? 4, numLayers: o.numLayers ?? 2, seed },
    { position: iclPosition(o.position ?? 'alibi', maxLength, dModel, seed), ...(o.pattern ? { pattern: o.pattern } : {}) },
  );
}

/**
 * Pre-trains a small GPT on the task mixture (next-token loss on every token of sequences
 * `w → l  w → l …` of training-split tasks). Deterministic in the seed.
 */
export function pretrainIclModel(vocab: TaskVocab, o: PretrainOptions = {}): PretrainResult {
  const steps = o.steps ?? 800;
  const batch = o.batch ?? 32;
  const count = o.examplesPerSequence ?? 9;
  const maxLength = 64;
  const model = iclModel(vocab, o, maxLength);
  const trainer = new Trainer(model, { totalSteps: steps, lr: o.lr ?? 3e-3, warmupSteps: Math.floor(steps / 20) });
  const rng = new Rng((o.seed ?? 0) + 101);
  const lossCurve: number[] = [];
  let acc = 0;
  const wordWeight = o.wordWeight ?? 0;
  for (let s = 0; s < steps; s++) {
    const batchData = Array.from({ length: batch }, () => trainingSequence(rng, vocab, count, o.wordsPerClass ?? 3, wordWeight));
    acc += trainer.trainStep({
      inputs: batchData.map((d) => d.ids.slice(0, -1)),
      targets: batchData.map((d) => d.ids.slice(1)),
      weights: batchData.map((d) => d.weights),
    }).loss;
    if ((s + 1) % 50 === 0) {
      lossCurve.push(acc / 50);
      o.onStep?.(s + 1, acc / 50);
      acc = 0;
    }
  }
  trainer.dispose();
  return { model, lossCurve, maxLength };
}

/**
 * One pre-training sequence and its loss weights (per target position): a task sequence whose
 * labels after the opening glossary (each class once) weigh 1 and other tokens `wordWeight`.
 */
export function trainingSequence(rng: Rng, vocab: TaskVocab, count: number, wordsPerClass: number, wordWeight: number): { ids: number[]; weights: number[] } {
  const g = 2 * CLASSES_PER_TASK;
  const ids = pretrainSequence(rng, vocab, count, false, wordsPerClass);
  return { ids, weights: ids.slice(1).map((_, i) => (i % 2 === 0 ? (i >= g ? 1 : 0) : wordWeight)) };
}

import type { PretrainOptions } from '../analysis/pretrain.js';

/** Sizes of one run of the ICL-vs-finetuning analysis. */
export interface IclSettings {
  /** Pre-training of the analysed model. */
  pretrain: Required<Pick<PretrainOptions, 'dModel' | 'numHeads' | 'numLayers' | 'steps' | 'batch' | 'examplesPerSequence' | 'lr' | 'wordsPerClass' | 'wordWeight'>>;
  /** Demonstrations per evaluation example (a multiple of the 4 classes: balanced). */
  demos: number;
  /** Evaluation examples per model. */
  examples: number;
  /** Examples used to pick the FT learning rate. */
  devExamples: number;
  /** FT learning-rate grid (plain SGD). */
  ftLrGrid: number[];
  /** Examples for the few-shot curve and the momentum ablation's ICL accuracy. */
  accuracyExamples: number;
  /** Held-out sequences for perplexity. */
  pplSequences: number;
  /** Momentum η in the ablation. */
  momentumEta: number;
}

/** `--quick`: about 40 CPU seconds in all (one core; `/usr/bin/time`, 2026-12-03). */
export const QUICK_SETTINGS: IclSettings = {
  pretrain: { dModel: 32, numHeads: 4, numLayers: 2, steps: 800, batch: 32, examplesPerSequence: 12, lr: 5e-3, wordsPerClass: 3, wordWeight: 0 },
  demos: 8,
  examples: 24,
  devExamples: 8,
  ftLrGrid: [0.03, 0.1, 0.3, 1],
  accuracyExamples: 150,
  pplSequences: 100,
  momentumEta: 0.5,
};

/** The full run: longer pre-training, more evaluation examples. */
export const FULL_SETTINGS: IclSettings = {
  pretrain: { ...QUICK_SETTINGS.pretrain, steps: 3000 },
  demos: 8,
  examples: 150,
  devExamples: 32,
  ftLrGrid: [0.03, 0.1, 0.3, 1],
  accuracyExamples: 500,
  pplSequences: 400,
  momentumEta: 0.5,
};

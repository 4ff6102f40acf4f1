import type { TrainLmOptions } from '../node/lm/train-lm.js';

/** Settings of the core's `lm` section of `lmkit reproduce` (the seed comes from the run). */
export type LmSettings = Omit<TrainLmOptions, 'out' | 'progress' | 'resume' | 'seed'>;

/** `--quick`: about 12 CPU seconds in all (one core; `/usr/bin/time`, 2026-12-03). */
export const QUICK_SETTINGS: LmSettings = {
  corpus: 'moby-dick',
  maxChars: 200_000,
  tokenizer: 'char',
  dModel: 64,
  numHeads: 4,
  numLayers: 2,
  seqLen: 64,
  batchSize: 8,
  steps: 250,
  lr: 3e-3,
  checkpointEvery: 25,
  evalTokens: 8192,
};

/** The full run: a wider, deeper model on the whole novel. */
export const FULL_SETTINGS: LmSettings = {
  corpus: 'moby-dick',
  maxChars: 1_300_000,
  tokenizer: 'char',
  dModel: 128,
  numHeads: 4,
  numLayers: 4,
  seqLen: 128,
  batchSize: 16,
  steps: 2000,
  lr: 2e-3,
  checkpointEvery: 100,
  evalTokens: 50_000,
};

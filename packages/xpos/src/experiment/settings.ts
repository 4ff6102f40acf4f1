import type { PositionKind } from '../position/registry.js';

/** Settings of the length-extrapolation experiment. */
export interface XposSettings {
  /** Training length L (also BCA's window w). Even. */
  trainLength: number;
  /** Evaluation lengths as multiples of L, e.g. [0.25, 0.5, 1, 2, 4]. */
  evalMultiples: number[];
  /** Model shape shared by every encoding. */
  model: { dModel: number; numHeads: number; numLayers: number; dFF: number };
  /** Optimisation steps per model (same for every encoding). */
  steps: number;
  /** Sequences per step. */
  batchSize: number;
  /** Peak learning rate (warm-up then cosine). */
  lr: number;
  /** Encodings to train. */
  encodings: PositionKind[];
  /** Validation tokens scored at every evaluation length (the same tokens for each length). */
  evalTokens: number;
  /** Token windows per model for attention resolution (at L and 2L). */
  resolutionWindows: number;
  /** Save a checkpoint every this many steps (node runner). */
  checkpointEvery: number;
}

/** `--quick`: a tiny model trained for a few hundred steps (about 36 CPU seconds in all, one core; `/usr/bin/time`, 2026-12-03). */
export const QUICK_SETTINGS: XposSettings = {
  trainLength: 64,
  evalMultiples: [0.25, 0.5, 1, 2, 4],
  model: { dModel: 32, numHeads: 2, numLayers: 2, dFF: 128 },
  steps: 300,
  batchSize: 16,
  lr: 1e-2,
  encodings: ['sinusoidal', 'rope', 'alibi', 'xpos'],
  evalTokens: 4096,
  resolutionWindows: 2,
  checkpointEvery: 100,
};

/** The full run: a larger model, longer training, evaluation up to 8L. */
export const FULL_SETTINGS: XposSettings = {
  trainLength: 128,
  evalMultiples: [0.25, 0.5, 1, 2, 4, 8],
  model: { dModel: 128, numHeads: 4, numLayers: 4, dFF: 512 },
  steps: 2000,
  batchSize: 16,
  lr: 2e-3,
  encodings: ['sinusoidal', 'rope', 'alibi', 'xpos'],
  evalTokens: 32768,
  resolutionWindows: 8,
  checkpointEvery: 100,
};

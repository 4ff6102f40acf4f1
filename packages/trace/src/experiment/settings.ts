/**
 * Sizes and training settings of the trace experiment (`lmkit reproduce`, section `trace`).
 * Browser-safe.
 */
import type { TraceModelConfig } from '../model/trace-model.js';

/** Sizes and training settings of the trace experiment. */
export interface TraceExperimentSettings {
  singlelineTrain: number;
  singlelineTest: number;
  mutants: number;
  /** Every k-th Tutorial program (and every mutant of it) is held out for evaluation. */
  tutorialHoldoutEvery: number;
  /** At most this many held-out Tutorial programs are predicted. */
  tutorialEvalMax: number;
  model: Partial<TraceModelConfig>;
  steps: number;
  batchSize: number;
  lr: number;
  tutorialShare: number;
  checkpointEvery: number;
  /** SingleLine programs timed through the warm tracer pool. */
  throughputPrograms: number;
  workers: number;
}

/** `--quick`: about 2–3 minutes on 2 idle cores. */
export const QUICK_SETTINGS: TraceExperimentSettings = {
  singlelineTrain: 600,
  singlelineTest: 40,
  mutants: 120,
  tutorialHoldoutEvery: 4,
  tutorialEvalMax: 8,
  model: { dModel: 64, numHeads: 4, numLayers: 2, maxLen: 192 },
  steps: 420,
  batchSize: 16,
  lr: 3e-3,
  tutorialShare: 0.15,
  checkpointEvery: 50,
  throughputPrograms: 60,
  workers: 2,
};

/** The full run (an hour or more on 2 cores). */
export const FULL_SETTINGS: TraceExperimentSettings = {
  singlelineTrain: 6000,
  singlelineTest: 200,
  mutants: 1500,
  tutorialHoldoutEvery: 4,
  tutorialEvalMax: 1000,
  model: { dModel: 128, numHeads: 4, numLayers: 4, maxLen: 320 },
  steps: 4000,
  batchSize: 16,
  lr: 2e-3,
  tutorialShare: 0.3,
  checkpointEvery: 100,
  throughputPrograms: 300,
  workers: 2,
};

/**
 * What a training run of the character-level trace model records (kept in its model file):
 * its identity, counters, losses and learning-curve points. Browser-safe.
 */
import type { MixturePhase } from './mixture.js';

/** One point of the learning curves. */
export interface CurvePoint {
  step: number;
  /** Trace tokens trained on so far (positions with a loss weight). */
  traceTokens: number;
  /** Positions processed so far, padding and prompts included. */
  positions: number;
  /** Mean loss of the steps since the previous point. */
  loss: number | null;
  /** Per curve set: trace accuracy, output accuracy, line F1, identifier F1 (fractions). */
  sets: Record<string, { traceAccuracy: number | null; outputAccuracy: number | null; lineF1: number; identifierF1: number; programs: number }>;
}

/** What the model file keeps about its run. */
export interface TrainRunState {
  /** Identity of the run: a file is resumed only by a run with the same identity. */
  run: { steps: number; tokenBudget: number; lr: number; seed: number; phases: MixturePhase[]; data: string; curve: string };
  stepsDone: number;
  positions: number;
  traceTokens: number;
  /** Loss and source of every step. */
  losses: number[];
  sources: string[];
  curve: CurvePoint[];
  /** Seconds spent training and evaluating, over all sessions of the run. */
  seconds: number;
}

/**
 * Everything the trace-model experiment measured, as plain data (the report is written from it, and
 * it is saved whole as JSON). Browser-safe.
 */
import type { TraceModelConfig } from '../model/trace-model.js';
import type { MixturePhase } from '../model/mixture.js';
import type { CurvePoint } from '../model/run-state.js';
import type { EvalSetName, SetEvaluation } from './run.js';
import type { TraceExperimentSettings } from './settings.js';
import type { TracerThroughput } from './throughput.js';

/** Statistics of one traced set. */
export interface TracedSetStats {
  records: number;
  /** Programs dropped while building, by reason (`error:exception`, `no-candidate` …). */
  dropped: Record<string, number>;
  meanSteps: number | null;
  meanTraceWords: number | null;
  printing: number;
}

/** The experiment's result. */
export interface TraceExperimentResult {
  settings: TraceExperimentSettings;
  seed: number;
  model: { config: TraceModelConfig; parameters: number; vocabSize: number; vocabulary: string };
  training: {
    steps: number;
    /** Positions processed (padding and prompts included) and trace tokens trained on. */
    positions: number;
    traceTokens: number;
    /** Seconds of training and curve evaluation over all sessions of the run. */
    seconds: number;
    resumedFrom: number;
    /** Training programs per curriculum source, and how many of them were cut at the context. */
    examples: Record<string, number>;
    truncated: Record<string, number>;
    phases: MixturePhase[];
    losses: number[];
    sources: string[];
  };
  curve: CurvePoint[];
  evaluation: Record<EvalSetName, SetEvaluation>;
  datasets: {
    traced: Record<string, TracedSetStats>;
    heldOut: Record<EvalSetName, number>;
    duplicates: Record<string, number>;
    leaksRemoved: number;
  };
  /** Seconds spent predicting the held-out sets. */
  evalSeconds: number;
  throughput: TracerThroughput;
}

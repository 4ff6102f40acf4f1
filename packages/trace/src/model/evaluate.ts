/**
 * Evaluates the trace model on held-out programs with the CodeExecutor metrics. Browser-safe.
 */
import { scoreTraces, type TraceMetrics } from '../metrics/score.js';
import type { ExamplePrefix } from './examples.js';
import type { TraceModel, TracePrediction } from './trace-model.js';

/** A held-out program with its gold trace. */
export interface EvalProgram {
  id?: string;
  source: string;
  trace: string;
}

/** Metrics plus the predictions they were computed from. */
export interface TraceModelEvaluation {
  metrics: TraceMetrics;
  predictions: Array<TracePrediction & { id?: string }>;
  /** Predictions that hit the context length before `<eos>` (their trace is cut). */
  cut: number;
  /** Programs whose source alone does not fit the model (predicted as an empty trace). */
  tooLong: number;
}

/**
 * Predicts every program greedily and scores against the full gold traces (a prediction cut by the
 * context length counts as short, exactly as a model that stopped early).
 */
export function evaluateTraceModel(model: TraceModel, programs: readonly EvalProgram[], prefix: ExamplePrefix, onProgram?: (i: number) => void): TraceModelEvaluation {
  const predictions = programs.map((p, i) => {
    const pred = model.predict(p.source, prefix);
    onProgram?.(i);
    return p.id === undefined ? pred : { ...pred, id: p.id };
  });
  return {
    metrics: scoreTraces(
      predictions.map((p) => p.trace),
      programs.map((p) => p.trace),
    ),
    predictions,
    cut: predictions.filter((p) => p.stop === 'max-len').length,
    tooLong: predictions.filter((p) => p.stop === 'prompt-too-long').length,
  };
}

/**
 * Scoring predicted traces of held-out programs — the model's or a baseline's — with the
 * CodeExecutor metrics, overall and per group (SingleLine template, teaching family, mutation
 * operator). Browser-safe.
 */
import { scoreTraces, type TraceMetrics } from '../metrics/score.js';
import { copyStateBaseline, lineOrderBaseline } from './baselines.js';
import type { PredictOptions, TraceModel, TracePrediction } from './trace-model.js';
import type { TracePrefix } from './tokenizer.js';

/** A held-out program with its gold trace. */
export interface EvalItem {
  id?: string;
  source: string;
  trace: string;
  prefix: TracePrefix;
  /** Group for the per-group table, e.g. `list.append`. */
  group?: string;
}

/** The headline numbers of one group (rates in [0, 1]; null where undefined). */
export interface GroupScore {
  programs: number;
  traceAccuracy: number | null;
  outputAccuracy: number | null;
  lineF1: number;
  identifierF1: number;
}

/** Metrics of a set of predictions. */
export interface SetScore {
  metrics: TraceMetrics;
  groups: Record<string, GroupScore>;
}

const groupScore = (m: TraceMetrics): GroupScore => ({
  programs: m.programs,
  traceAccuracy: m.traceAccuracy,
  outputAccuracy: m.outputAccuracy,
  lineF1: m.lines.f1,
  identifierF1: m.identifiers.f1,
});

/** Scores `predictions[i]` against `items[i].trace`, overall and by `group`. */
export function scoreSet(predictions: readonly string[], items: readonly EvalItem[]): SetScore {
  const metrics = scoreTraces(predictions, items.map((x) => x.trace));
  const byGroup = new Map<string, number[]>();
  items.forEach((x, i) => {
    if (x.group === undefined) return;
    byGroup.set(x.group, [...(byGroup.get(x.group) ?? []), i]);
  });
  const groups: Record<string, GroupScore> = {};
  for (const [g, idx] of [...byGroup].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    groups[g] = groupScore(scoreTraces(idx.map((i) => predictions[i]!), idx.map((i) => items[i]!.trace)));
  }
  return { metrics, groups };
}

/** The baselines by name. */
export const BASELINES = { 'line order only': lineOrderBaseline, 'copy the previous state': copyStateBaseline } as const;

/** Scores every baseline on `items`. */
export function scoreBaselines(items: readonly EvalItem[]): Record<keyof typeof BASELINES, SetScore> {
  const out = {} as Record<keyof typeof BASELINES, SetScore>;
  for (const [name, fn] of Object.entries(BASELINES) as Array<[keyof typeof BASELINES, (s: string) => string]>) {
    out[name] = scoreSet(items.map((x) => fn(x.source)), items);
  }
  return out;
}

/** The model's score with its predictions and how many hit the context length. */
export interface ModelScore extends SetScore {
  predictions: TracePrediction[];
  /** Predictions cut by the context before `<eos>`. */
  cut: number;
  /** Programs whose prompt alone does not fit. */
  tooLong: number;
}

/** Options of {@link evaluateModel}. */
export interface EvaluateOptions extends Omit<PredictOptions, 'maxNew'> {
  /**
   * Stop a prediction after `factor × gold tokens + 16` tokens (cheap learning-curve points: an
   * untrained model rarely stops by itself). Default: only the context stops it.
   */
  capFactor?: number;
}

/** Predicts every item (greedy and batched, or by beam search) and scores the predictions. */
export function evaluateModel(model: TraceModel, items: readonly EvalItem[], options: EvaluateOptions = {}): ModelScore {
  const { capFactor, ...decode } = options;
  const maxNew = capFactor === undefined ? undefined : items.map((x) => Math.ceil(capFactor * model.tokenizer.encodeTrace(x.trace).length) + 16);
  const predictions = model.predictMany(items, { ...decode, ...(maxNew ? { maxNew } : {}) });
  return {
    ...scoreSet(predictions.map((p) => p.trace), items),
    predictions,
    cut: predictions.filter((p) => p.stop === 'max-len').length,
    tooLong: predictions.filter((p) => p.stop === 'prompt-too-long').length,
  };
}

/**
 * The computing steps of the trace-model experiment, free of files and workers (browser-safe):
 * split the traced datasets into training programs and held-out sets (no held-out program, nor a
 * copy of one, is ever trained on), evaluate the model and the baselines on every held-out set with
 * per-group scores and standard errors, and summarise.
 */
import { Rng } from '@lmkit/tensor';
import type { DatasetLine } from '../datasets/records-file.js';
import { canonicalSource, dedupeBySource, HELD_OUT_PERCENT, programSplit } from '../datasets/splits.js';
import type { TraceMetrics } from '../metrics/score.js';
import { evaluateModel, scoreBaselines, type EvalItem, type GroupScore, type SetScore } from '../model/evaluate.js';
import type { TraceModel } from '../model/trace-model.js';
import type { TraceTokenizer, TracePrefix } from '../model/tokenizer.js';
import type { TrainProgram } from '../model/train.js';
import type { TraceExperimentSettings } from './settings.js';

/** The traced sets the experiment reads (records of `lmkit trace build`). */
export interface TraceExperimentData {
  singleline: DatasetLine[];
  teaching: DatasetLine[];
  /** The stdlib doctest programs (the old Tutorial pool). */
  tutorial: DatasetLine[];
  codenetmut: DatasetLine[];
}

/** Held-out sets, in report order. */
export const EVAL_SETS = ['singleline', 'singlelineTemplates', 'tutorial', 'doctests', 'codenetmut'] as const;
/** A held-out set's id. */
export type EvalSetName = (typeof EVAL_SETS)[number];

/** Readable names of the held-out sets. */
export const EVAL_SET_LABELS: Record<EvalSetName, string> = {
  singleline: 'SingleLine (held-out programs)',
  singlelineTemplates: 'SingleLine (held-out templates)',
  tutorial: 'Tutorial (generated, held-out programs)',
  doctests: 'Tutorial (stdlib doctests, held out)',
  codenetmut: 'CodeNetMut analogue (mutants of held-out programs)',
};

const PREFIX: Record<EvalSetName, TracePrefix> = { singleline: 'singleline', singlelineTemplates: 'singleline', tutorial: 'tutorial', doctests: 'tutorial', codenetmut: 'codenet' };

/** Training programs and held-out sets. */
export interface TraceExperimentSplits {
  train: { singleline: TrainProgram[]; tutorial: TrainProgram[]; mutants: TrainProgram[] };
  evaluate: Record<EvalSetName, EvalItem[]>;
  /** Small slices of the held-out sets for the learning curves. */
  curve: Record<string, EvalItem[]>;
  /** Held-out programs available per set (before taking the first `evaluate.*`). */
  heldOut: Record<EvalSetName, number>;
  /** Duplicates dropped per source set, and training programs dropped because a held-out set holds a copy. */
  duplicates: Record<string, number>;
  leaksRemoved: number;
}

const item = (r: DatasetLine, set: EvalSetName): EvalItem => ({ ...(r.id ? { id: r.id } : {}), source: r.source, trace: r.trace, prefix: PREFIX[set], ...(r.group ? { group: r.group } : {}) });

/** Splits the sets by their recorded split (doctests by source hash), de-duplicated, without leaks. */
export function splitTraceData(data: TraceExperimentData, s: TraceExperimentSettings): TraceExperimentSplits {
  const duplicates: Record<string, number> = {};
  const unique = (name: string, recs: DatasetLine[]): DatasetLine[] => {
    const d = dedupeBySource(recs);
    duplicates[name] = d.duplicates;
    return d.records;
  };
  const sl = unique('singleline', data.singleline);
  const te = unique('teaching', data.teaching);
  const dt = unique('tutorial', data.tutorial).map((r) => ({ ...r, split: programSplit(r.source, HELD_OUT_PERCENT.tutorial) }));
  const mu = unique('codenetmut', data.codenetmut);
  const held: Record<EvalSetName, DatasetLine[]> = {
    singleline: sl.filter((r) => r.split === 'test'),
    singlelineTemplates: sl.filter((r) => r.split === 'test-template'),
    tutorial: te.filter((r) => r.split === 'test'),
    doctests: dt.filter((r) => r.split === 'test'),
    codenetmut: mu.filter((r) => r.split === 'test'),
  };
  const heldSources = new Set(Object.values(held).flatMap((rs) => rs.map((r) => canonicalSource(r.source))));
  let leaksRemoved = 0;
  const trainOf = (recs: DatasetLine[]): TrainProgram[] =>
    recs
      .filter((r) => r.split === 'train' || r.split === undefined)
      .filter((r) => {
        const leak = heldSources.has(canonicalSource(r.source));
        if (leak) leaksRemoved++;
        return !leak;
      })
      .map((r) => ({ source: r.source, trace: r.trace }));
  const take = (set: EvalSetName, n: number): EvalItem[] => held[set].slice(0, n).map((r) => item(r, set));
  const evaluate: Record<EvalSetName, EvalItem[]> = {
    singleline: take('singleline', s.evaluate.singleline),
    singlelineTemplates: take('singlelineTemplates', s.evaluate.singlelineTemplates),
    tutorial: take('tutorial', s.evaluate.tutorial),
    doctests: held.doctests.map((r) => item(r, 'doctests')),
    codenetmut: take('codenetmut', s.evaluate.codenetmut),
  };
  const curve: Record<string, EvalItem[]> = {};
  if (s.curve.singleline > 0) curve.singleline = evaluate.singleline.slice(0, s.curve.singleline);
  if (s.curve.tutorial > 0) curve.tutorial = evaluate.tutorial.slice(0, s.curve.tutorial);
  if (s.curve.codenetmut > 0 && evaluate.codenetmut.length > 0) curve.codenetmut = evaluate.codenetmut.slice(0, s.curve.codenetmut);
  return {
    train: { singleline: trainOf(sl), tutorial: [...trainOf(te), ...trainOf(dt)], mutants: trainOf(mu) },
    evaluate,
    curve,
    heldOut: Object.fromEntries(EVAL_SETS.map((k) => [k, held[k].length])) as Record<EvalSetName, number>,
    duplicates,
    leaksRemoved,
  };
}

/** A rate with its standard error (both fractions; null when undefined). */
export interface Rate {
  value: number | null;
  se: number | null;
}

/** One set's headline numbers. */
export interface SetSummary {
  programs: number;
  outputPrograms: number;
  outputAccuracy: Rate;
  traceAccuracy: Rate;
  lineP: number;
  lineR: number;
  lineF1: Rate;
  identifierP: number;
  identifierR: number;
  identifierF1: Rate;
  malformedSteps: number;
}

/** Binomial standard error of a proportion of `n`. */
const binomialSe = (p: number | null, n: number): number | null => (p === null || n === 0 ? null : Math.sqrt((p * (1 - p)) / n));

/** Bootstrap standard error (over programs) of a micro F1 from per-program counts. */
function bootstrapF1Se(counts: Array<{ correct: number; predicted: number; gold: number }>, seed: number, rounds = 200): number | null {
  const n = counts.length;
  if (n < 2) return null;
  const r = new Rng(seed);
  const f1s: number[] = [];
  for (let b = 0; b < rounds; b++) {
    let c = 0;
    let p = 0;
    let g = 0;
    for (let i = 0; i < n; i++) {
      const x = counts[r.int(n)]!;
      c += x.correct;
      p += x.predicted;
      g += x.gold;
    }
    const prec = p > 0 ? c / p : 0;
    const rec = g > 0 ? c / g : 0;
    f1s.push(prec + rec > 0 ? (2 * prec * rec) / (prec + rec) : 0);
  }
  const mean = f1s.reduce((a, x) => a + x, 0) / rounds;
  return Math.sqrt(f1s.reduce((a, x) => a + (x - mean) ** 2, 0) / (rounds - 1));
}

/** The summary of one set's metrics, with standard errors (bootstrap seeded by `seed`). */
export function summarise(m: TraceMetrics, seed: number): SetSummary {
  return {
    programs: m.programs,
    outputPrograms: m.outputPrograms,
    outputAccuracy: { value: m.outputAccuracy, se: binomialSe(m.outputAccuracy, m.outputPrograms) },
    traceAccuracy: { value: m.traceAccuracy, se: binomialSe(m.traceAccuracy, m.programs) },
    lineP: m.lines.precision,
    lineR: m.lines.recall,
    lineF1: { value: m.lines.f1, se: bootstrapF1Se(m.perProgram.map((p) => p.lines), seed) },
    identifierP: m.identifiers.precision,
    identifierR: m.identifiers.recall,
    identifierF1: { value: m.identifiers.f1, se: bootstrapF1Se(m.perProgram.map((p) => p.identifiers), seed + 1) },
    malformedSteps: m.malformed.length,
  };
}

/** Everything measured on one held-out set. */
export interface SetEvaluation {
  programs: number;
  /** Share of the set whose prompt and gold trace fit the model's context whole. */
  fits: number;
  model: SetSummary;
  baselines: Record<string, SetSummary>;
  /** Per group (template, families, operator): the model and the copy baseline. */
  groups: Record<string, { model: GroupScore; copy: GroupScore }>;
  /** Predictions cut by the context before `<eos>`, and prompts that did not fit at all. */
  cut: number;
  tooLong: number;
  /** A few predictions beside their gold traces, for reading. */
  examples: Array<{ source: string; gold: string; predicted: string }>;
}

/** Share of `items` whose `prompt + trace + <eos>` fits `maxLen` tokens. */
export function fitShare(tok: TraceTokenizer, items: readonly EvalItem[], maxLen: number): number {
  if (items.length === 0) return 1;
  const fit = items.filter((x) => tok.encodePrompt(x.source, x.prefix).length + tok.encodeTrace(x.trace).length + 1 <= maxLen).length;
  return fit / items.length;
}

/** Evaluates the model and the baselines on one held-out set (predictions capped at `capFactor` × gold length + 16 when given). */
export function evaluateSet(model: TraceModel, items: readonly EvalItem[], seed: number, options: { onDone?: (n: number) => void; capFactor?: number | null } = {}): SetEvaluation {
  const scored = evaluateModel(model, items, { ...(options.onDone ? { onDone: options.onDone } : {}), ...(options.capFactor ? { capFactor: options.capFactor } : {}) });
  const baselines = scoreBaselines(items);
  const groups: SetEvaluation['groups'] = {};
  for (const [g, score] of Object.entries(scored.groups)) groups[g] = { model: score, copy: baselines['copy the previous state'].groups[g]! };
  return {
    programs: items.length,
    fits: fitShare(model.tokenizer, items, model.config.maxLen),
    model: summarise(scored.metrics, seed),
    baselines: Object.fromEntries(Object.entries(baselines).map(([k, v]: [string, SetScore]) => [k, summarise(v.metrics, seed)])),
    groups,
    cut: scored.cut,
    tooLong: scored.tooLong,
    examples: items.slice(0, 3).map((x, i) => ({ source: x.source, gold: x.trace, predicted: scored.predictions[i]!.trace })),
  };
}

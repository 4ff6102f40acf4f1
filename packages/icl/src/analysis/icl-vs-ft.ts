import * as tf from '@tensorflow/tfjs';
import type { Rng, Transformer } from '@lmkit/tensor';
import { applyRandomUpdate, finetuneKeyValue, keyValueNames, snapshot, type FtExample, type FtMode } from './finetune.js';
import { cosine } from '../linalg/matrix.js';
import { mean, rec2ftp, simAm, simAou } from './metrics.js';
import { margin, predictedClass, probe, type ProbeResult } from './probe.js';
import { renderPrompt, sampleExample, sampleTask, type Example, type Task, type TaskVocab } from './tasks.js';

/** One evaluation example: a held-out task, its demonstrations and a query. */
export interface EvalExample {
  task: Task;
  demos: Example[];
  query: Example;
}

/** Samples `n` examples of held-out tasks with `k` demonstrations; demos and query follow the task's class prior. */
export function sampleEvalExamples(rng: Rng, vocab: TaskVocab, n: number, k: number, heldOut = true): EvalExample[] {
  const out: EvalExample[] = [];
  for (let i = 0; i < n; i++) {
    const task = sampleTask(rng, vocab, heldOut);
    const demos = Array.from({ length: k }, () => sampleExample(rng, vocab, task));
    out.push({ task, demos, query: sampleExample(rng, vocab, task) });
  }
  return out;
}

/** The compared pairs: which ICL run is compared with which updated model. */
export const VARIANTS = ['ft', 'layer-causal-gd', 'random-normal', 'random-uniform01', 'shuffled-labels', 'permuted-demos'] as const;
/** A compared pair. */
export type Variant = (typeof VARIANTS)[number];

/** Per-example measurements. */
export interface ExampleRecord {
  zslCorrect: boolean;
  /** Per variant: ICL-side and update-side correctness. */
  correct: Record<Variant, { icl: boolean; upd: boolean }>;
  /** Per variant, per layer: SimAOU. */
  simAou: Record<Variant, number[]>;
  /** Per variant, per layer: SimAM ICL vs ZSL ("before") and ICL vs updated model ("after"). */
  simAmBefore: Record<Variant, number[]>;
  simAmAfter: Record<Variant, number[]>;
  /** Per layer: SimAOU with the FT output replaced by noise (reference: U[0,1), unseeded there; seeded here). */
  noiseUniform01: number[];
  /** Per layer: cosine(ĥ_ICL − ĥ_ZSL, r) for a zero-mean Gaussian direction r. */
  noiseNormal: number[];
  /** Margins (true-label logit − best other) for order sensitivity. */
  margins: { icl: number; iclPermuted: number; ft: number; ftPermuted: number };
  /** Predicted classes for order sensitivity. */
  preds: { icl: number; iclPermuted: number; ft: number; ftPermuted: number };
}

function demoExamples(vocab: TaskVocab, ex: EvalExample, labelsOf: (d: Example, i: number) => number): FtExample[] {
  return ex.demos.map((d, i) => ({ ids: [d.word, labelsOf(d, i)], scoredPositions: [0] }));
}

/**
 * Runs one example through every arm: ZSL, ICL, FT (SGD on W_K/W_V, 1 epoch, batch 1, demos as
 * inputs), layer-causal GD, norm-matched random updates, shuffled labels and permuted demos.
 * Weights are restored after each arm.
 */
export function analyseExample(model: Transformer, vocab: TaskVocab, ex: EvalExample, ftLr: number, rng: Rng): ExampleRecord {
  const L = model.config.numLayers;
  const labels = ex.task.labels;
  const first = labels[0]!;
  const zslIds = [ex.query.word, first];
  const qLen = zslIds.length;
  const truth = ex.query.cls;
  const ok = (p: ProbeResult): boolean => predictedClass(p) === truth;
  const zsl = probe(model, zslIds, 0, labels, qLen);
  const iclProbe = (demos: Example[], labelOf: (d: Example, i: number) => number): ProbeResult => {
    const ids: number[] = [];
    demos.forEach((d, i) => ids.push(d.word, labelOf(d, i)));
    ids.push(...zslIds);
    return probe(model, ids, ids.length - 2, labels, qLen);
  };
  const names = keyValueNames(model);
  const afterUpdate = (update: () => void): ProbeResult => {
    const snap = snapshot(model, names);
    update();
    const r = probe(model, zslIds, 0, labels, qLen);
    snap.restore();
    return r;
  };
  const trueLabel = (d: Example): number => labels[d.cls]!;
  const ft = (demos: FtExample[], mode: FtMode): ProbeResult => afterUpdate(() => finetuneKeyValue(model, demos, ftLr, mode));

  const icl = iclProbe(ex.demos, trueLabel);
  const demos = demoExamples(vocab, ex, trueLabel);
  // FT, keeping its update to size the random baselines.
  const snap = snapshot(model, names);
  finetuneKeyValue(model, demos, ftLr, 'gd');
  const ftRes = probe(model, zslIds, 0, labels, qLen);
  const delta = snap.delta();
  snap.restore();
  const lcgd = ft(demos, 'layer-causal');
  const randN = afterUpdate(() => applyRandomUpdate(model, delta, 'normal', rng));
  const randU = afterUpdate(() => applyRandomUpdate(model, delta, 'uniform01', rng));
  for (const t of delta.values()) t.dispose();
  // Shuffled labels: the demos' labels permuted among them (same label counts).
  const shuffled = rng.shuffle(ex.demos.map((d) => labels[d.cls]!));
  const iclShuf = iclProbe(ex.demos, (_, i) => shuffled[i]!);
  const ftShuf = ft(demoExamples(vocab, ex, (_, i) => shuffled[i]!), 'gd');
  // Permuted demonstrations (a different order of the same demos).
  const order = rng.shuffle(ex.demos.map((_, i) => i));
  if (order.every((v, i) => v === i) && order.length > 1) order.reverse();
  const permuted = order.map((i) => ex.demos[i]!);
  const iclPerm = iclProbe(permuted, trueLabel);
  const ftPerm = ft(demoExamples(vocab, { ...ex, demos: permuted }, trueLabel), 'gd');

  const pairs: Record<Variant, [ProbeResult, ProbeResult]> = {
    ft: [icl, ftRes],
    'layer-causal-gd': [icl, lcgd],
    'random-normal': [icl, randN],
    'random-uniform01': [icl, randU],
    'shuffled-labels': [iclShuf, ftShuf],
    'permuted-demos': [iclPerm, ftPerm],
  };
  const layers = Array.from({ length: L }, (_, l) => l);
  const rec = { correct: {}, simAou: {}, simAmBefore: {}, simAmAfter: {} } as Pick<ExampleRecord, 'correct' | 'simAou' | 'simAmBefore' | 'simAmAfter'>;
  for (const v of VARIANTS) {
    const [a, b] = pairs[v];
    rec.correct[v] = { icl: ok(a), upd: ok(b) };
    rec.simAou[v] = layers.map((l) => simAou(zsl.aou[l]!, a.aou[l]!, b.aou[l]!));
    rec.simAmBefore[v] = layers.map((l) => simAm(a.am[l]!, zsl.am[l]!));
    rec.simAmAfter[v] = layers.map((l) => simAm(a.am[l]!, b.am[l]!));
  }
  const D = model.config.dModel;
  const noiseUniform01 = layers.map((l) => simAou(zsl.aou[l]!, icl.aou[l]!, Float64Array.from({ length: D }, () => rng.next())));
  const noiseNormal = layers.map((l) => {
    const z = unitOf(zsl.aou[l]!);
    const i = unitOf(icl.aou[l]!);
    return cosine(i.map((x, k) => x - z[k]!), Float64Array.from({ length: D }, () => rng.normal()));
  });
  return {
    zslCorrect: ok(zsl),
    ...rec,
    noiseUniform01,
    noiseNormal,
    margins: { icl: margin(icl, truth), iclPermuted: margin(iclPerm, truth), ft: margin(ftRes, truth), ftPermuted: margin(ftPerm, truth) },
    preds: { icl: predictedClass(icl), iclPermuted: predictedClass(iclPerm), ft: predictedClass(ftRes), ftPermuted: predictedClass(ftPerm) },
  };
}

function unitOf(v: ArrayLike<number>): Float64Array {
  const n = Math.sqrt(Array.from(v).reduce((s, x) => s + x * x, 0));
  return Float64Array.from(v as ArrayLike<number>, (x) => (n === 0 ? 0 : x / n));
}

/** Standard error of the mean of the non-null values (null with fewer than two). */
export function standardError(values: readonly (number | null)[]): number | null {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (xs.length < 2) return null;
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return Math.sqrt(variance / xs.length);
}

/** Aggregated metrics of one variant. */
export interface VariantSummary {
  variant: Variant;
  iclAccuracy: number;
  updatedAccuracy: number;
  rec2ftp: number | null;
  /** Examples the update fixes (the Rec2FTP denominator). */
  updateFixes: number;
  simAou: number | null;
  /** Standard error of SimAOU over examples (each example averaged over layers). */
  simAouSe: number | null;
  simAouPerLayer: (number | null)[];
  simAmBefore: number | null;
  simAmAfter: number | null;
  simAmAfterPerLayer: (number | null)[];
}

/** Aggregate of a model's run. */
export interface ModelSummary {
  examples: number;
  ftLr: number;
  zslAccuracy: number;
  variants: VariantSummary[];
  /** SimAOU with output noise instead of FT (reference-style U[0,1) and zero-mean Gaussian). */
  outputNoise: { uniform01: number | null; normal: number | null; uniform01PerLayer: (number | null)[]; normalPerLayer: (number | null)[] };
  /** Order sensitivity: share of examples whose prediction flips when the demos are permuted, and mean |Δ margin|. */
  orderSensitivity: { iclFlipRate: number; ftFlipRate: number; iclMeanAbsMarginChange: number; ftMeanAbsMarginChange: number };
}

/** Averages per-example records. */
export function summarise(records: readonly ExampleRecord[], numLayers: number, ftLr: number): ModelSummary {
  const n = records.length;
  const frac = (f: (r: ExampleRecord) => boolean): number => records.filter(f).length / n;
  const layerMeans = (get: (r: ExampleRecord) => number[]): (number | null)[] =>
    Array.from({ length: numLayers }, (_, l) => mean(records.map((r) => get(r)[l] ?? null)));
  const variants = VARIANTS.map((v): VariantSummary => {
    const zsl = records.map((r) => r.zslCorrect);
    const iclC = records.map((r) => r.correct[v].icl);
    const updC = records.map((r) => r.correct[v].upd);
    const aouL = layerMeans((r) => r.simAou[v]);
    const amAL = layerMeans((r) => r.simAmAfter[v]);
    return {
      variant: v,
      iclAccuracy: frac((r) => r.correct[v].icl),
      updatedAccuracy: frac((r) => r.correct[v].upd),
      rec2ftp: rec2ftp(zsl, iclC, updC),
      updateFixes: records.filter((r) => !r.zslCorrect && r.correct[v].upd).length,
      simAou: mean(aouL),
      simAouSe: standardError(records.map((r) => mean(r.simAou[v]))),
      simAouPerLayer: aouL,
      simAmBefore: mean(layerMeans((r) => r.simAmBefore[v])),
      simAmAfter: mean(amAL),
      simAmAfterPerLayer: amAL,
    };
  });
  const uL = layerMeans((r) => r.noiseUniform01);
  const nL = layerMeans((r) => r.noiseNormal);
  return {
    examples: n,
    ftLr,
    zslAccuracy: frac((r) => r.zslCorrect),
    variants,
    outputNoise: { uniform01: mean(uL), normal: mean(nL), uniform01PerLayer: uL, normalPerLayer: nL },
    orderSensitivity: {
      iclFlipRate: frac((r) => r.preds.icl !== r.preds.iclPermuted),
      ftFlipRate: frac((r) => r.preds.ft !== r.preds.ftPermuted),
      iclMeanAbsMarginChange: mean(records.map((r) => Math.abs(r.margins.icl - r.margins.iclPermuted))) ?? 0,
      ftMeanAbsMarginChange: mean(records.map((r) => Math.abs(r.margins.ft - r.margins.ftPermuted))) ?? 0,
    },
  };
}

/**
 * Picks the FT learning rate from `grid` by FT accuracy on `dev` examples (ties → the smaller),
 * as the paper tuned its FT learning rate. Returns the rate and the accuracy per rate.
 */
export function selectFtLr(model: Transformer, vocab: TaskVocab, dev: readonly EvalExample[], grid: readonly number[]): { lr: number; accuracy: number[] } {
  const names = keyValueNames(model);
  const accuracy = grid.map((lr) => {
    let ok = 0;
    for (const ex of dev) {
      const snap = snapshot(model, names);
      finetuneKeyValue(model, demoExamples(vocab, ex, (d) => ex.task.labels[d.cls]!), lr, 'gd');
      const p = probe(model, [ex.query.word], 0, ex.task.labels, 1);
      snap.restore();
      if (predictedClass(p) === ex.query.cls) ok++;
    }
    return ok / dev.length;
  });
  let best = 0;
  accuracy.forEach((a, i) => {
    if (a > accuracy[best]!) best = i;
  });
  return { lr: grid[best]!, accuracy };
}

/**
 * Few-shot accuracy with `k` demonstrations (k = 0: zero-shot) on `examples` (demos truncated to
 * k). Prompts of equal length run as one batch.
 */
export function iclAccuracy(model: Transformer, examples: readonly EvalExample[], k: number): number {
  if (examples.length === 0) return 0;
  const prompts = examples.map((ex) => renderPrompt(ex.task, ex.demos.slice(0, k), ex.query));
  const T = prompts[0]!.length;
  const rows = tf.tidy(() => {
    const { logits } = model.forward(prompts);
    return logits.slice([0, T - 1, 0], [-1, 1, -1]).reshape([prompts.length, -1]).arraySync() as number[][];
  });
  let ok = 0;
  rows.forEach((r, i) => {
    const ex = examples[i]!;
    let pred = 0;
    ex.task.labels.forEach((l, j) => {
      if (r[l]! > r[ex.task.labels[pred]!]!) pred = j;
    });
    if (pred === ex.query.cls) ok++;
  });
  return ok / examples.length;
}

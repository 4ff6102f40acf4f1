import { chartSpec, type ChartSpec, type NumberFormat, type PaperComparison, type ReportSection, type ReportTable, type TableCell } from '@lmkit/tensor';
import type { ModelSummary, VariantSummary } from '../analysis/icl-vs-ft.js';
import { PAPER_NUMBERS } from './paper.js';
import type { IclAnalysisResult } from './run.js';

/** Exact checks run alongside the analysis (dual form, LSA = GD). */
export interface ExactChecks {
  dualFormMaxAbsDiff: number;
  dualFormTfMaxAbsDiff: number;
  vonOswaldMaxAbsDiff: number;
  lsa: { lsaLoss: number; gdLoss: number; zeroLoss: number; weightCosine: number; sensitivityCosine: number; predictionGap: number };
}

const ARM_LABEL: Record<string, string> = {
  ft: 'FT (SGD on W_K, W_V)',
  'layer-causal-gd': '(e) layer-causal GD',
  'random-normal': '(b) random update, zero-mean',
  'random-uniform01': '(b) random update, U[0,1)',
  'shuffled-labels': '(c) shuffled labels (ICL and FT)',
  'permuted-demos': '(d) permuted demos (ICL and FT)',
};

const f3 = (v: number | null): string => (v === null ? '—' : v.toFixed(3));
const pct = (v: number | null): string => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);

const PERCENT: NumberFormat = { style: 'percent', digits: 1 };
const FIXED3: NumberFormat = { style: 'fixed', digits: 3 };
const EXP2: NumberFormat = { style: 'exponential', digits: 2 };
const FIXED4: NumberFormat = { style: 'fixed', digits: 4 };

/** Table ids of this section (comparisons name the table that already shows them). */
export const ICL_TABLE_IDS = { exact: 'exact-checks', fewShot: 'few-shot', iclVsFt: 'icl-vs-ft', noise: 'output-noise', order: 'order-sensitivity', momentum: 'momentum' } as const;

function variant(s: ModelSummary, v: string): VariantSummary {
  return s.variants.find((x) => x.variant === v)!;
}

/** The per-layer chart: SimAOU and SimAM-after by layer for the main arms and baselines. */
export function perLayerChart(r: IclAnalysisResult): ChartSpec {
  const values: { layer: number; metric: string; series: string; value: number | null }[] = [];
  const add = (series: string, metric: string, perLayer: (number | null)[]): void =>
    perLayer.forEach((value, layer) => values.push({ layer, metric, series, value }));
  for (const [name, s] of [['trained', r.trained], ['untrained', r.untrained]] as const) {
    for (const v of ['ft', 'layer-causal-gd', 'random-normal', 'random-uniform01'] as const) {
      const vs = variant(s, v);
      add(`${name}: ${v}`, 'SimAOU', vs.simAouPerLayer);
      add(`${name}: ${v}`, 'SimAM after', vs.simAmAfterPerLayer);
    }
    add(`${name}: output noise U[0,1) (reference)`, 'SimAOU', s.outputNoise.uniform01PerLayer);
  }
  return chartSpec('icl-per-layer', 'SimAOU and SimAM (ICL vs updated model) per layer: trained vs untrained model, FT vs baselines', {
    data: { values: values.filter((v) => v.value !== null) },
    facet: { column: { field: 'metric', type: 'nominal', title: null } },
    spec: {
      width: 260,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'layer', type: 'ordinal', title: 'layer (index)' },
        y: { field: 'value', type: 'quantitative', title: 'similarity (cosine, −1…1)' },
        color: { field: 'series', type: 'nominal', title: 'model: arm' },
      },
    },
    resolve: { scale: { y: 'independent' } },
  });
}

/** What the baselines imply, read off the numbers: one statement per comparison, then the verdict. */
export function baselineFindings(r: IclAnalysisResult): string[] {
  const t = variant(r.trained, 'ft');
  const u = variant(r.untrained, 'ft');
  const rn = variant(r.trained, 'random-normal');
  const lc = variant(r.trained, 'layer-causal-gd');
  const gap = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
  const parts: string[] = [];
  const dAou = gap(t.simAou, u.simAou);
  parts.push(
    dAou === null
      ? 'SimAOU could not be compared with the untrained model.'
      : `SimAOU of the trained model (${f3(t.simAou)}) is ${Math.abs(dAou) < 0.05 ? 'about the same as' : dAou > 0 ? 'above' : 'below'} the untrained model's (${f3(u.simAou)}), and ${f3(rn.simAou)} for a norm-matched zero-mean random update`,
  );
  const dAm = gap(t.simAmAfter, t.simAmBefore);
  const dAmU = gap(u.simAmAfter, u.simAmBefore);
  parts.push(
    `SimAM moves ${f3(t.simAmBefore)} → ${f3(t.simAmAfter)} for the trained model (Δ ${f3(dAm)}) and ${f3(u.simAmBefore)} → ${f3(u.simAmAfter)} untrained (Δ ${f3(dAmU)})`,
  );
  parts.push(`layer-causal GD gives SimAOU ${f3(lc.simAou)} vs ${f3(t.simAou)} for ordinary GD`);
  const f0 = r.fewShot[0];
  const fk = r.fewShot[r.fewShot.length - 1];
  if (f0 && fk) {
    const untrainedGain = fk.untrained - f0.untrained;
    parts.push(
      `few-shot accuracy (k = ${fk.k}) goes from ${pct(f0.trained)} to ${pct(fk.trained)} for the trained model and from ${pct(f0.untrained)} to ${pct(fk.untrained)} for the untrained one` +
        (untrainedGain > 0.03 ? ' (attention that merely averages the context already favours the most frequent label)' : ''),
    );
  }
  const sh = variant(r.trained, 'shuffled-labels');
  parts.push(
    `with the demonstrations' labels shuffled (same label counts) ICL accuracy is ${pct(sh.iclAccuracy)} vs ${pct(t.iclAccuracy)} with the true labels, so ${sh.iclAccuracy >= t.iclAccuracy - 0.05 ? 'at this scale ICL reads mainly the label distribution, not the input–label mapping' : 'ICL uses the input–label mapping'}`,
  );
  const se = Math.hypot(t.simAouSe ?? 0, u.simAouSe ?? 0);
  parts.push(`the trained−untrained SimAOU gap has a standard error of about ${se.toFixed(3)} over ${r.trained.examples} examples`);
  const verdict =
    dAou !== null && dAou > Math.max(0.05, 2 * se) && (rn.simAou ?? 0) < (t.simAou ?? 0) - 0.05
      ? 'part of the ICL–FT similarity here is specific to the trained model, beyond what an untrained model or a random direction gives'
      : 'as Deutch et al. and Shen et al. warn, these similarity scores alone do not show that ICL works like finetuning: untrained models and/or random directions come close (or the gap is within noise)';
  const sentence = (t: string): string => `${t.charAt(0).toUpperCase()}${t.slice(1)}${t.endsWith('.') ? '' : '.'}`;
  return [...parts.map(sentence), sentence(verdict)];
}

/** Exact checks: the dual form, LSA with von Oswald et al.'s weights, and an LSA layer trained from scratch. */
export function exactChecksTable(checks: ExactChecks): ReportTable {
  const rows: [string, number, NumberFormat][] = [
    ['dual form (relaxed linear attention = (W_ZSL + ΔW_ICL)·q), float64: max |difference|', checks.dualFormMaxAbsDiff, EXP2],
    ['dual form, tfjs float32: max |difference|', checks.dualFormTfMaxAbsDiff, EXP2],
    ["linear self-attention with von Oswald et al.'s weights vs an explicit GD step: max |difference|", checks.vonOswaldMaxAbsDiff, EXP2],
    ['LSA trained from scratch on in-context regression: loss', checks.lsa.lsaLoss, FIXED4],
    ['one GD step at the best step size: loss', checks.lsa.gdLoss, FIXED4],
    ['predicting 0: loss', checks.lsa.zeroLoss, FIXED4],
    ['trained LSA vs GD: weight cosine', checks.lsa.weightCosine, FIXED4],
    ['trained LSA vs GD: sensitivity cosine', checks.lsa.sensitivityCosine, FIXED4],
    ['trained LSA vs GD: relative prediction gap', checks.lsa.predictionGap, EXP2],
  ];
  return {
    id: ICL_TABLE_IDS.exact,
    title: 'Exact results',
    columns: [{ key: 'check', label: 'check' }, { key: 'value', label: 'value' }],
    rows: rows.map(([check, value, format]) => ({ check, value: { value, format } })),
  };
}

/** Few-shot accuracy on held-out tasks by number of demonstrations, trained vs untrained. */
export function fewShotTable(r: IclAnalysisResult): ReportTable {
  return {
    id: ICL_TABLE_IDS.fewShot,
    title: 'Does ICL appear? (held-out tasks, accuracy by number of demonstrations)',
    columns: [
      { key: 'k', label: 'demos k' },
      { key: 'trained', label: 'trained', format: PERCENT },
      { key: 'untrained', label: 'untrained', format: PERCENT },
    ],
    rows: r.fewShot.map((f) => ({ k: f.k, trained: f.trained, untrained: f.untrained })),
  };
}

function armRow(model: string, zsl: number, v: VariantSummary): Record<string, TableCell> {
  return {
    model,
    arm: ARM_LABEL[v.variant] ?? v.variant,
    zsl,
    icl: v.iclAccuracy,
    updated: v.updatedAccuracy,
    rec2ftp: v.rec2ftp,
    fixes: { value: v.updateFixes, format: { style: 'integer' } },
    simAou: { value: v.simAou, se: v.simAouSe },
    simAmBefore: v.simAmBefore,
    simAmAfter: v.simAmAfter,
  };
}

/** ICL vs finetuning for every arm of both models, and the paper's two GPT rows. */
export function iclVsFtTable(r: IclAnalysisResult): ReportTable {
  const s = r.settings;
  const paperRow = (model: string, i: 0 | 1): Record<string, TableCell> => ({
    model,
    arm: 'FT',
    rec2ftp: PAPER_NUMBERS.rec2ftp[i],
    simAou: PAPER_NUMBERS.simAou[i],
    simAmBefore: PAPER_NUMBERS.simAmBefore[i],
    simAmAfter: PAPER_NUMBERS.simAmAfter[i],
  });
  return {
    id: ICL_TABLE_IDS.iclVsFt,
    title: `ICL vs finetuning (${r.trained.examples} held-out examples per model, ${s.demos} demos each)`,
    caption:
      'Accuracies: ZSL, ICL (the ICL run of that arm) and the updated model (zero-shot after the update). Rec2FTP with the number of examples the update fixes; SimAOU ± its standard error over examples. ' +
      `FT learning rate (picked on ${s.devExamples} training-task examples from ${s.ftLrGrid.join(', ')}): trained ${r.trained.ftLr}, untrained ${r.untrained.ftLr}.`,
    columns: [
      { key: 'model', label: 'model' },
      { key: 'arm', label: 'arm' },
      { key: 'zsl', label: 'ZSL', format: PERCENT },
      { key: 'icl', label: 'ICL', format: PERCENT },
      { key: 'updated', label: 'updated', format: PERCENT },
      { key: 'rec2ftp', label: 'Rec2FTP', format: PERCENT },
      { key: 'fixes', label: 'fixed by the update', unit: 'examples' },
      { key: 'simAou', label: 'SimAOU', format: FIXED3 },
      { key: 'simAmBefore', label: 'SimAM before', format: FIXED3 },
      { key: 'simAmAfter', label: 'SimAM after', format: FIXED3 },
    ],
    rows: [
      ...r.trained.variants.map((v) => armRow('trained', r.trained.zslAccuracy, v)),
      ...r.untrained.variants.map((v) => armRow('(a) untrained', r.untrained.zslAccuracy, v)),
      paperRow('paper GPT 1.3B', 0),
      paperRow('paper GPT 2.7B', 1),
    ],
  };
}

/** SimAOU with the FT output replaced by noise (the reference's U[0,1) and a zero-mean Gaussian). */
export function outputNoiseTable(r: IclAnalysisResult): ReportTable {
  return {
    id: ICL_TABLE_IDS.noise,
    title: 'SimAOU with the FT output replaced by noise',
    columns: [
      { key: 'model', label: 'model' },
      { key: 'uniform01', label: 'reference-style U[0,1) noise', format: FIXED3 },
      { key: 'normal', label: 'zero-mean Gaussian direction', format: FIXED3 },
    ],
    rows: [
      { model: 'trained', uniform01: r.trained.outputNoise.uniform01, normal: r.trained.outputNoise.normal },
      { model: 'untrained', uniform01: r.untrained.outputNoise.uniform01, normal: r.untrained.outputNoise.normal },
    ],
  };
}

/** (d) How often permuting the demonstrations flips the prediction, for ICL and FT. */
export function orderTable(r: IclAnalysisResult): ReportTable {
  return {
    id: ICL_TABLE_IDS.order,
    title: '(d) Order sensitivity (demonstrations permuted)',
    columns: [
      { key: 'model', label: 'model' },
      { key: 'iclFlip', label: 'ICL flip rate', format: PERCENT },
      { key: 'ftFlip', label: 'FT flip rate', format: PERCENT },
      { key: 'iclMargin', label: 'ICL mean abs Δmargin', format: FIXED3 },
      { key: 'ftMargin', label: 'FT mean abs Δmargin', format: FIXED3 },
    ],
    rows: ([['trained', r.trained], ['untrained', r.untrained]] as const).map(([model, m]) => ({
      model,
      iclFlip: m.orderSensitivity.iclFlipRate,
      ftFlip: m.orderSensitivity.ftFlipRate,
      iclMargin: m.orderSensitivity.iclMeanAbsMarginChange,
      ftMargin: m.orderSensitivity.ftMeanAbsMarginChange,
    })),
  };
}

/** The momentum attention ablation, ours beside the paper's perplexity and ICL accuracy. */
export function momentumTable(r: IclAnalysisResult): ReportTable {
  const m = r.momentum;
  const s = r.settings;
  return {
    id: ICL_TABLE_IDS.momentum,
    title: `Momentum attention ablation (η = ${m.eta}, same seed, data and ${s.pretrain.steps} steps)`,
    caption:
      "In brackets the paper's values (GPT language-model perplexity; ICL accuracy averaged over its tasks). Our models are trained on the label positions only, so the label perplexity is their language-modelling loss; the all-token perplexity includes the (untrained, unpredictable) input words.",
    columns: [
      { key: 'model', label: 'model' },
      { key: 'ppl', label: 'label perplexity (held-out tasks)', format: FIXED3 },
      { key: 'allPpl', label: 'all-token perplexity', format: { style: 'fixed', digits: 1 } },
      { key: 'zsl', label: 'ZSL', format: PERCENT },
      { key: 'icl', label: `ICL (k = ${s.demos})`, format: PERCENT },
    ],
    rows: [
      { model: 'causal attention', ppl: { value: m.pplWithout, paper: PAPER_NUMBERS.momentumPpl[0] }, allPpl: m.allTokenPplWithout, zsl: m.zslWithout, icl: { value: m.iclWithout, paper: PAPER_NUMBERS.momentumIcl[0] / 100 } },
      { model: 'momentum attention', ppl: { value: m.pplWith, paper: PAPER_NUMBERS.momentumPpl[1] }, allPpl: m.allTokenPplWith, zsl: m.zslWith, icl: { value: m.iclWith, paper: PAPER_NUMBERS.momentumIcl[1] / 100 } },
    ],
  };
}

/** Our numbers beside the paper's (every one is also printed in a table of the section). */
export function iclComparisons(r: IclAnalysisResult): PaperComparison[] {
  const t = variant(r.trained, 'ft');
  const inTable = { shownIn: ICL_TABLE_IDS.iclVsFt };
  return [
    { metric: 'Rec2FTP (trained, FT)', ours: t.rec2ftp, paper: PAPER_NUMBERS.rec2ftp[0], table: `${PAPER_NUMBERS.source}, GPT 1.3B`, note: `GPT 2.7B: ${PAPER_NUMBERS.rec2ftp[1]}`, ...inTable },
    { metric: 'SimAOU (trained, FT)', ours: t.simAou, paper: PAPER_NUMBERS.simAou[0], table: `${PAPER_NUMBERS.source}, GPT 1.3B`, note: `GPT 2.7B: ${PAPER_NUMBERS.simAou[1]}`, ...inTable },
    { metric: 'SimAM before (ICL vs ZSL)', ours: t.simAmBefore, paper: PAPER_NUMBERS.simAmBefore[0], table: `${PAPER_NUMBERS.source}, GPT 1.3B`, note: `GPT 2.7B: ${PAPER_NUMBERS.simAmBefore[1]}`, ...inTable },
    { metric: 'SimAM after (ICL vs FT)', ours: t.simAmAfter, paper: PAPER_NUMBERS.simAmAfter[0], table: `${PAPER_NUMBERS.source}, GPT 1.3B`, note: `GPT 2.7B: ${PAPER_NUMBERS.simAmAfter[1]}`, ...inTable },
    { metric: 'SimAOU (untrained, FT)', ours: variant(r.untrained, 'ft').simAou, paper: null, table: null, note: 'baseline (a)', ...inTable },
    { metric: 'SimAOU (trained, zero-mean random update)', ours: variant(r.trained, 'random-normal').simAou, paper: null, table: null, note: 'baseline (b)', ...inTable },
    { metric: 'perplexity with momentum (ours: label perplexity)', ours: r.momentum.pplWith, paper: PAPER_NUMBERS.momentumPpl[1], table: 'Dai et al. 2023 §6', note: `ours without: ${r.momentum.pplWithout.toFixed(3)}; paper without: ${PAPER_NUMBERS.momentumPpl[0]}`, shownIn: ICL_TABLE_IDS.momentum },
    { metric: 'ICL accuracy with momentum (%)', ours: 100 * r.momentum.iclWith, paper: PAPER_NUMBERS.momentumIcl[1], table: 'Dai et al. 2023 §6', note: `ours without: ${(100 * r.momentum.iclWithout).toFixed(1)}; paper without: ${PAPER_NUMBERS.momentumIcl[0]}`, shownIn: ICL_TABLE_IDS.momentum },
  ];
}

/** Builds the `icl` report section from the measured numbers. */
export function buildIclSection(r: IclAnalysisResult, checks: ExactChecks, seconds: number): ReportSection {
  const p = r.settings.pretrain;
  return {
    id: 'icl',
    title: 'Why can GPT learn in context? ICL as implicit finetuning (Dai et al. 2023)',
    intro:
      'Exact checks of the dual form and of linear attention as gradient descent, then a small GPT pre-trained on in-context classification tasks: ' +
      'does ICL appear, and how similar is ICL to finetuning (Rec2FTP, SimAOU, SimAM) next to untrained-model and random-update baselines.',
    tables: [exactChecksTable(checks), fewShotTable(r), iclVsFtTable(r), outputNoiseTable(r), orderTable(r), momentumTable(r)],
    findings: baselineFindings(r),
    charts: [perLayerChart(r)],
    comparisons: iclComparisons(r),
    data: { ...r, exactChecks: checks } as unknown as Record<string, unknown>,
    scaleNote:
      `A ${p.numLayers}-layer, ${p.numHeads}-head, d=${p.dModel} GPT (${r.parameters.toLocaleString('en-US')} parameters, word-level vocabulary of ${r.vocabSize}, ALiBi positions with steep head slopes 1, 1/4, 1/16, …) pre-trained here for ${p.steps} steps × ${p.batch} sequences on ${r.recipe}. ` +
      `The paper analyses GPT models of 1.3B and 2.7B parameters pre-trained on natural text, on six real classification datasets. ` +
      `Our metrics follow the same definitions (last-position attention outputs; pre-softmax q·k scores per head, averaged; FT = SGD on W_K/W_V, 1 epoch, batch 1, demos as inputs), but the query is a single word, so SimAM compares 2-entry score vectors, and layer 0 sees identical inputs in every arm (no position embedding), so its SimAM is 1 by construction. ` +
      `With ${r.trained.examples} examples per model, compare directions, not magnitudes.`,
    seconds,
  };
}

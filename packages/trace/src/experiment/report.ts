/**
 * The trace experiment's section of the `lmkit reproduce` report, written from a
 * {@link TraceExperimentResult} as data (tables, comparisons with CodeExecutor's Table 2, findings,
 * a chart); the CLI and the docs render it. Browser-safe.
 */
import { chartSpec, type ChartSpec, type NumberCell, type PaperComparison, type ReportSection, type ReportTable, type TableColumn } from '@lmkit/tensor';
import type { TraceMetrics } from '../metrics/score.js';
import type { TraceModelEvaluation } from '../model/evaluate.js';
import { PAPER_NUMBERS } from './paper.js';
import type { TraceExperimentResult } from './run.js';

const pct = (x: number | null): number | null => (x === null ? null : Number((100 * x).toFixed(2)));

/** Id of the held-out metrics table (comparisons it already prints point at it). */
export const HELD_OUT_TABLE = 'held-out';

/** The `trace` report section; `seconds` is the wall-clock time of the whole section. */
export function traceReportSection(r: TraceExperimentResult, seconds: number): ReportSection {
  const { singleline: evalSl, tutorial: evalTu } = r.evaluation;
  const t = r.training;
  const cfg = t.config;
  return {
    id: 'trace',
    title: 'CodeExecutor: predicting execution traces',
    intro:
      `A ${cfg.numLayers}-layer decoder (d=${cfg.dModel}, ${cfg.numHeads} heads, context ${cfg.maxLen}, ${t.parameters.toLocaleString('en-US')} parameters) reads \`<prefix> source <sep>\` ` +
      `and writes the CodeExecutor trace; loss weight 1 on \`<state> </state> <dictsep> :\`, 10 on other trace tokens, 0 on the source. ` +
      `Curriculum: ${t.stages.map((x) => `${x.name} (${x.steps} steps, ${x.examples} programs)`).join(' → ')}; ${t.trainSeconds.toFixed(0)} s of training` +
      `${t.resumedFrom > 0 ? `, resumed at step ${t.resumedFrom}` : ''}. Greedy decoding with a KV cache; held-out predictions scored with CodeExecutor's reference metric (CodeBERT \`metric.py\`, quirks included).`,
    tables: [heldOutTable(r), datasetsTable(r), throughputTable(r)],
    findings: findings(r),
    charts: [metricsChart(evalSl.metrics, evalTu.metrics)],
    comparisons: paperComparisons(evalSl.metrics, evalTu.metrics),
    data: {
      settings: r.settings,
      parameters: t.parameters,
      vocabSize: t.vocabSize,
      stages: t.stages,
      resumedFrom: t.resumedFrom,
      trainSeconds: t.trainSeconds,
      losses: t.losses.map((l) => Number(l.toFixed(5))),
      singleline: summary(evalSl),
      tutorial: { ...summary(evalTu), heldOut: r.tutorialHeldOut, evaluated: r.evaluation.tutorialEvaluated },
      throughput: r.throughput,
      datasets: r.datasets,
    },
    scaleNote:
      `A ${t.parameters.toLocaleString('en-US')}-parameter decoder trained from scratch for ${t.steps} steps (minutes of CPU) on ${r.trainPrograms.singleline} SingleLine and ` +
      `${r.trainPrograms.tutorial} Tutorial-style programs, against the paper's CodeExecutor: a 125M-parameter UniXcoder-initialised model pre-trained on ` +
      `millions of traced programs (SingleLine, Tutorial, CodeNetMut) on GPUs. Our Tutorial programs are stdlib doctest examples (a few dozen), not the paper's ` +
      `Python tutorial set, and long programs are cut to the ${cfg.maxLen}-token context. Expect far lower accuracy; the numbers show the pipeline works end to end, ` +
      `not a replication. Throughput was measured once on a shared 2-core machine and moves with its load.`,
    seconds,
  };
}

const FIXED2 = { style: 'fixed', digits: 2 } as const;
const pctColumn = (key: string, label: string): TableColumn => ({ key, label, unit: '%', format: FIXED2 });

/** Our percentage, with the paper's beside it when the paper has one. */
const withPaper = (x: number | null, paper: number | null): NumberCell => ({ value: pct(x), paper });

function heldOutTable(r: TraceExperimentResult): ReportTable {
  const P = PAPER_NUMBERS;
  const row = (name: string, e: TraceModelEvaluation, paper: { output: number | null; trace: number | null }) => {
    const m = e.metrics;
    return {
      set: name,
      programs: m.programs,
      outputAcc: withPaper(m.outputAccuracy, paper.output),
      traceAcc: withPaper(m.traceAccuracy, paper.trace),
      lineP: pct(m.lines.precision),
      lineR: pct(m.lines.recall),
      lineF1: pct(m.lines.f1),
      idP: pct(m.identifiers.precision),
      idR: pct(m.identifiers.recall),
      idF1: pct(m.identifiers.f1),
      malformed: m.malformed.length,
      cut: e.cut,
    };
  };
  return {
    id: HELD_OUT_TABLE,
    title: 'Trace model on held-out programs (paper, Table 2, in brackets)',
    caption:
      `Tutorial: ${r.tutorialHeldOut} programs held out (every ${r.settings.tutorialHoldoutEvery}th of the pool, with all their mutants kept out of training); ` +
      `${r.evaluation.tutorialEvaluated} of them fit the context and were predicted. Output accuracy counts only programs whose gold trace prints.`,
    columns: [
      { key: 'set', label: 'held-out set' },
      { key: 'programs', label: 'programs', format: { style: 'integer' } },
      pctColumn('outputAcc', 'output acc'),
      pctColumn('traceAcc', 'trace acc'),
      pctColumn('lineP', 'line P'),
      pctColumn('lineR', 'line R'),
      pctColumn('lineF1', 'line F1'),
      pctColumn('idP', 'identifier P'),
      pctColumn('idR', 'identifier R'),
      pctColumn('idF1', 'identifier F1'),
      { key: 'malformed', label: 'malformed steps', format: { style: 'integer' } },
      { key: 'cut', label: 'cut at context', format: { style: 'integer' } },
    ],
    rows: [row('SingleLine', r.evaluation.singleline, { output: null, trace: P.singlelineAcc }), row('Tutorial', r.evaluation.tutorial, { output: P.tutorialOutputAcc, trace: null })],
    notes: [
      `SingleLine: the paper reports that about ${P.singlelineAcc}% of SingleLine transformations executed correctly; Tutorial output accuracy: CodeExecutor ${P.tutorialOutputAcc}, Codex ${P.tutorialOutputAccCodex} (${P.table}); ours on held-out stdlib doctest programs.`,
    ],
  };
}

function datasetsTable(r: TraceExperimentResult): ReportTable {
  const st = r.datasets;
  return {
    id: 'datasets',
    title: 'Datasets',
    caption: 'Records kept after dropping programs that raise or break a limit.',
    columns: [
      { key: 'set', label: 'set' },
      { key: 'records', label: 'records', format: { style: 'integer' } },
      { key: 'meanSteps', label: 'mean steps', format: FIXED2 },
      { key: 'meanTraceWords', label: 'mean trace words', format: FIXED2 },
      { key: 'meanSourceLines', label: 'mean source lines', format: FIXED2 },
      { key: 'printing', label: 'printing programs', format: { style: 'integer' } },
    ],
    rows: (['singleline', 'tutorial', 'mutants'] as const).map((k) => {
      const x = st[k];
      return { set: k, records: x.records, meanSteps: x.meanSteps, meanTraceWords: x.meanTraceWords, meanSourceLines: x.meanSourceLines, printing: x.printing };
    }),
  };
}

function throughputTable(r: TraceExperimentResult): ReportTable {
  const t = r.throughput;
  return {
    id: 'throughput',
    title: `Tracer throughput (warm pool of ${t.workers} sandboxed Pyodide workers)`,
    columns: [
      { key: 'set', label: 'programs' },
      { key: 'n', label: 'count', format: { style: 'integer' } },
      { key: 'programsPerSec', label: 'throughput', unit: 'programs/s', format: FIXED2 },
      { key: 'linesPerSec', label: 'line events', unit: 'lines/s', format: FIXED2 },
    ],
    rows: [
      { set: 'SingleLine', n: t.singlelinePrograms, programsPerSec: t.singlelineProgramsPerSec, linesPerSec: t.singlelineLinesPerSec },
      { set: 'Tutorial', n: t.tutorialPrograms, programsPerSec: t.tutorialProgramsPerSec, linesPerSec: t.tutorialLinesPerSec },
    ],
  };
}

function findings(r: TraceExperimentResult): string[] {
  const ops = Object.entries(r.datasets.mutantOperators);
  return [
    ...(ops.length > 0 ? [`Mutation operators used: ${ops.map(([k, v]) => `${k} ${v}`).join(', ')}.`] : []),
    `The model ran into its ${r.training.config.maxLen}-token context on ${r.evaluation.singleline.cut} of ${r.evaluation.singleline.metrics.programs} SingleLine and ${r.evaluation.tutorial.cut} of ${r.evaluation.tutorial.metrics.programs} Tutorial predictions.`,
  ];
}

function summary(e: TraceModelEvaluation): Record<string, unknown> {
  const m = e.metrics;
  return {
    programs: m.programs,
    outputAccuracy: pct(m.outputAccuracy),
    outputPrograms: m.outputPrograms,
    traceAccuracy: pct(m.traceAccuracy),
    lineP: pct(m.lines.precision),
    lineR: pct(m.lines.recall),
    lineF1: pct(m.lines.f1),
    identifierP: pct(m.identifiers.precision),
    identifierR: pct(m.identifiers.recall),
    identifierF1: pct(m.identifiers.f1),
    malformedSteps: m.malformed.length,
    cutAtContext: e.cut,
  };
}

function paperComparisons(sl: TraceMetrics, tu: TraceMetrics): PaperComparison[] {
  const P = PAPER_NUMBERS;
  const inTable = { unit: '%', shownIn: HELD_OUT_TABLE } as const;
  return [
    { metric: 'SingleLine trace accuracy', ours: pct(sl.traceAccuracy), paper: P.singlelineAcc, table: P.table, note: `paper: about ${P.singlelineAcc}% of SingleLine transformations executed correctly`, ...inTable },
    { metric: 'SingleLine identifier F1', ours: pct(sl.identifiers.f1), paper: null, table: null, ...inTable },
    { metric: 'Tutorial output accuracy', ours: pct(tu.outputAccuracy), paper: P.tutorialOutputAcc, table: P.table, note: `Codex: ${P.tutorialOutputAccCodex}; ours on held-out stdlib doctest programs`, ...inTable },
    { metric: 'Tutorial trace accuracy', ours: pct(tu.traceAccuracy), paper: null, table: null, ...inTable },
    { metric: 'Tutorial line F1', ours: pct(tu.lines.f1), paper: null, table: null, ...inTable },
    { metric: 'Tutorial identifier F1', ours: pct(tu.identifiers.f1), paper: null, table: null, ...inTable },
    { metric: 'CodeNetMut output accuracy', ours: null, paper: P.codenetMutOutputAcc, table: P.table, unit: '%', note: 'not measured here: our mutants are used for training only' },
  ];
}

function metricsChart(sl: TraceMetrics, tu: TraceMetrics): ChartSpec {
  const rows: Array<{ dataset: string; metric: string; who: string; value: number }> = [];
  const add = (dataset: string, m: TraceMetrics): void => {
    const vals: Array<[string, number | null]> = [
      ['output acc', m.outputAccuracy],
      ['trace acc', m.traceAccuracy],
      ['line F1', m.lines.f1],
      ['identifier F1', m.identifiers.f1],
    ];
    for (const [metric, v] of vals) if (v !== null) rows.push({ dataset, metric, who: 'ours (tiny model)', value: Number((100 * v).toFixed(2)) });
  };
  add('SingleLine', sl);
  add('Tutorial', tu);
  rows.push({ dataset: 'SingleLine', metric: 'trace acc', who: 'paper (CodeExecutor)', value: PAPER_NUMBERS.singlelineAcc });
  rows.push({ dataset: 'Tutorial', metric: 'output acc', who: 'paper (CodeExecutor)', value: PAPER_NUMBERS.tutorialOutputAcc });
  return chartSpec('trace-metrics', 'Trace model on held-out programs vs CodeExecutor (Table 2)', {
    data: { values: rows },
    facet: { column: { field: 'dataset', type: 'nominal', title: 'held-out set' } },
    spec: {
      width: 220,
      height: 200,
      mark: 'bar',
      encoding: {
        x: { field: 'metric', type: 'nominal', title: 'metric', sort: ['output acc', 'trace acc', 'line F1', 'identifier F1'] },
        xOffset: { field: 'who' },
        y: { field: 'value', type: 'quantitative', title: 'score (%)', scale: { domain: [0, 100] } },
        color: { field: 'who', type: 'nominal', title: 'model' },
      },
    },
  });
}

/**
 * The trace experiment's section of the `lmkit reproduce` report, written from a
 * {@link TraceExperimentResult}: comparisons with CodeExecutor's Table 2, a chart, every number as
 * data. Browser-safe.
 */
import type { ChartSpec, PaperComparison, ReportSection } from '@lmkit/tensor';
import type { TraceMetrics } from '../metrics/score.js';
import type { TraceModelEvaluation } from '../model/evaluate.js';
import { PAPER_NUMBERS } from './paper.js';
import type { TraceExperimentResult } from './run.js';

const pct = (x: number | null): number | null => (x === null ? null : Number((100 * x).toFixed(2)));
const fmt = (x: number | null): string => (x === null ? 'n/a' : x.toFixed(2));

/** The `trace` report section; `seconds` is the wall-clock time of the whole section. */
export function traceReportSection(r: TraceExperimentResult, seconds: number): ReportSection {
  const { singleline: evalSl, tutorial: evalTu } = r.evaluation;
  const comparisons = paperComparisons(evalSl.metrics, evalTu.metrics);
  const t = r.training;
  return {
    id: 'trace',
    title: 'CodeExecutor: predicting execution traces',
    markdown: sectionMarkdown(r, comparisons),
    charts: [metricsChart(evalSl.metrics, evalTu.metrics)],
    comparisons,
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
      `Python tutorial set, and long programs are cut to the ${t.config.maxLen}-token context. Expect far lower accuracy; the numbers show the pipeline works end to end, ` +
      `not a replication. Throughput was measured once on a shared 2-core machine and moves with its load.`,
    seconds,
  };
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
  return [
    {
      metric: 'SingleLine trace accuracy (%)',
      ours: pct(sl.traceAccuracy),
      paper: P.singlelineAcc,
      table: P.table,
      note: 'paper: about 94% of SingleLine transformations executed correctly',
    },
    { metric: 'SingleLine identifier F1 (%)', ours: pct(sl.identifiers.f1), paper: null, table: null },
    { metric: 'Tutorial output accuracy (%)', ours: pct(tu.outputAccuracy), paper: P.tutorialOutputAcc, table: P.table, note: `Codex: ${P.tutorialOutputAccCodex}; ours on held-out stdlib doctest programs` },
    { metric: 'Tutorial trace accuracy (%)', ours: pct(tu.traceAccuracy), paper: null, table: null },
    { metric: 'Tutorial line F1 (%)', ours: pct(tu.lines.f1), paper: null, table: null },
    { metric: 'Tutorial identifier F1 (%)', ours: pct(tu.identifiers.f1), paper: null, table: null },
    { metric: 'CodeNetMut output accuracy (%)', ours: null, paper: P.codenetMutOutputAcc, table: P.table, note: 'not measured here: our mutants are used for training only' },
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
  return {
    id: 'trace-metrics',
    title: 'Trace model on held-out programs vs CodeExecutor (Table 2), %',
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      data: { values: rows },
      facet: { column: { field: 'dataset', type: 'nominal', title: null } },
      spec: {
        width: 220,
        height: 200,
        mark: 'bar',
        encoding: {
          x: { field: 'metric', type: 'nominal', title: null, sort: ['output acc', 'trace acc', 'line F1', 'identifier F1'] },
          xOffset: { field: 'who' },
          y: { field: 'value', type: 'quantitative', title: '%', scale: { domain: [0, 100] } },
          color: { field: 'who', type: 'nominal', title: null },
        },
      },
    },
  };
}

function sectionMarkdown(r: TraceExperimentResult, comparisons: PaperComparison[]): string {
  const sl = r.evaluation.singleline.metrics;
  const tu = r.evaluation.tutorial.metrics;
  const st = r.datasets;
  const row = (name: string, m: TraceMetrics, n: number): string =>
    `| ${name} (${n} programs) | ${fmt(pct(m.outputAccuracy))} | ${fmt(pct(m.traceAccuracy))} | ${fmt(pct(m.lines.precision))} / ${fmt(pct(m.lines.recall))} / ${fmt(pct(m.lines.f1))} | ${fmt(pct(m.identifiers.precision))} / ${fmt(pct(m.identifiers.recall))} / ${fmt(pct(m.identifiers.f1))} |`;
  const cfg = r.training.config;
  const t = r.throughput;
  return [
    `A ${cfg.numLayers}-layer decoder (d=${cfg.dModel}, ${cfg.numHeads} heads, context ${cfg.maxLen}, ${r.training.parameters.toLocaleString('en-US')} parameters) reads \`<prefix> source <sep>\` and writes the CodeExecutor trace; loss weight 1 on \`<state> </state> <dictsep> :\`, 10 on other trace tokens, 0 on the source. Curriculum: ${r.training.stages.map((x) => `${x.name} (${x.steps} steps, ${x.examples} programs)`).join(' → ')}; ${r.training.trainSeconds.toFixed(0)} s of training${r.training.resumedFrom > 0 ? `, resumed at step ${r.training.resumedFrom}` : ''}. Greedy decoding with a KV cache.`,
    '',
    '| held-out set | output acc | trace acc | line P / R / F1 | identifier P / R / F1 |',
    '|---|---|---|---|---|',
    row('SingleLine', sl, sl.programs),
    row('Tutorial', tu, tu.programs),
    '',
    `Tutorial: ${r.tutorialHeldOut} programs held out (every ${r.settings.tutorialHoldoutEvery}th of the pool, with all their mutants kept out of training); ${r.evaluation.tutorialEvaluated} of them fit the context and were predicted. ${r.evaluation.tutorial.cut} Tutorial predictions were cut by the context length. Malformed predicted steps: SingleLine ${sl.malformed.length}, Tutorial ${tu.malformed.length}.`,
    '',
    '| ours vs paper | ours | paper | source |',
    '|---|---|---|---|',
    ...comparisons.map((c) => `| ${c.metric} | ${c.ours === null ? '—' : c.ours.toFixed(2)} | ${c.paper === null ? '—' : c.paper} | ${c.table ?? ''}${c.note ? ` — ${c.note}` : ''} |`),
    '',
    '**Datasets** (records kept after dropping programs that raise or break a limit):',
    '',
    '| set | records | mean steps | mean trace words | mean source lines | printing programs |',
    '|---|---|---|---|---|---|',
    ...(['singleline', 'tutorial', 'mutants'] as const).map((k) => {
      const x = st[k];
      return `| ${k} | ${x.records} | ${fmt(x.meanSteps)} | ${fmt(x.meanTraceWords)} | ${fmt(x.meanSourceLines)} | ${x.printing} |`;
    }),
    '',
    `Mutation operators used: ${Object.entries(st.mutantOperators).map(([k, v]) => `${k} ${v}`).join(', ')}.`,
    '',
    `**Tracer throughput** (warm pool of ${t.workers} sandboxed Pyodide workers): SingleLine ${fmt(t.singlelineProgramsPerSec)} programs/s (${fmt(t.singlelineLinesPerSec)} lines/s), Tutorial ${fmt(t.tutorialProgramsPerSec)} programs/s (${fmt(t.tutorialLinesPerSec)} lines/s).`,
  ].join('\n');
}

/**
 * The `trace` report section, as data: held-out results of the trace model beside the two baselines
 * and CodeExecutor's Table 2, per-template and per-family accuracy, the datasets, the tracer's throughput,
 * findings read off the numbers, and charts (learning curves: metric vs trace tokens trained on;
 * loss; final metrics). Browser-safe.
 */
import { chartSpec, type ChartSpec, type NumberCell, type PaperComparison, type ReportSection, type ReportTable, type TableCell, type TableColumn } from '@lmkit/tensor';
import { PAPER_NUMBERS } from './paper.js';
import type { TraceExperimentResult } from './result.js';

const {
  table: PAPER_TABLE,
  singlelineAcc: PAPER_SINGLELINE_ACC,
  tutorialOutputAcc: PAPER_TUTORIAL_OUTPUT_ACC,
  tutorialOutputAccCodex: PAPER_TUTORIAL_OUTPUT_ACC_CODEX,
  codenetMutOutputAcc: PAPER_CODENETMUT_OUTPUT_ACC,
} = PAPER_NUMBERS;
import { EVAL_SETS, EVAL_SET_LABELS, type EvalSetName, type Rate, type SetSummary } from './run.js';

/** Id of the held-out table (comparisons it prints point at it). */
export const HELD_OUT_TABLE = 'held-out';

const pct = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : Number((100 * x).toFixed(2)));
const cell = (r: Rate, paper?: number | null): NumberCell => ({ value: pct(r.value), se: pct(r.se), ...(paper !== undefined ? { paper } : {}) });
const FIXED2 = { style: 'fixed', digits: 2 } as const;
const INT = { style: 'integer' } as const;
const pctColumn = (key: string, label: string): TableColumn => ({ key, label, unit: '%', format: FIXED2 });

/** The paper's number for a held-out set and metric (Table 2), or null. */
function paperFor(set: EvalSetName, metric: 'output' | 'trace'): number | null {
  if (metric === 'trace' && set === 'singleline') return PAPER_SINGLELINE_ACC;
  if (metric === 'output' && set === 'tutorial') return PAPER_TUTORIAL_OUTPUT_ACC;
  if (metric === 'output' && set === 'codenetmut') return PAPER_CODENETMUT_OUTPUT_ACC;
  return null;
}

const sets = (r: TraceExperimentResult): EvalSetName[] => EVAL_SETS.filter((k) => r.evaluation[k].programs > 0);

/** The report section; `seconds` is the wall-clock time of the whole section. */
export function traceReportSection(r: TraceExperimentResult, seconds: number): ReportSection {
  const c = r.model.config;
  const t = r.training;
  const trainCounts = Object.entries(t.examples)
    .map(([k, v]) => `${v.toLocaleString('en-US')} ${k}`)
    .join(', ');
  return {
    id: 'trace',
    title: 'CodeExecutor: predicting execution traces',
    intro:
      `A ${c.numLayers}-layer decoder (d=${c.dModel}, ${c.numHeads} heads, context ${c.maxLen}, ${r.model.parameters.toLocaleString('en-US')} parameters, ` +
      `${r.model.vocabSize} tokens: names, keywords and the format's tokens whole, numbers digit by digit, strings character by character) reads ` +
      `\`<prefix> source <sep>\` and writes the CodeExecutor trace, greedily with a KV cache. Loss weight 1 on \`<state> </state> <dictsep> :\`, ` +
      `10 on other trace tokens, 0 on the source. Trained from scratch for ${t.steps.toLocaleString('en-US')} steps ` +
      `(${(t.traceTokens / 1e6).toFixed(2)}M trace tokens, ${(t.positions / 1e6).toFixed(2)}M positions) on ${trainCounts} programs, ` +
      `curriculum ${t.phases.map((p) => `${p.name} (${Object.entries(p.weights).map(([k, w]) => `${k} ${Math.round(w * 100)}%`).join(' + ')})`).join(' → ')}; ` +
      `${(t.seconds / 60).toFixed(1)} min of training${t.resumedFrom > 0 ? `, resumed at step ${t.resumedFrom}` : ''}. Every held-out program is new to the model: held out by source, duplicates removed. ` +
      "Predictions are scored with CodeExecutor's reference metric (CodeBERT `metric.py`, quirks included).",
    tables: [heldOutTable(r), templateTable(r, 'singleline', 'singlelineTemplates'), familyTable(r), datasetsTable(r), throughputTable(r)],
    findings: findings(r),
    charts: [curveChart(r), lossChart(r), finalChart(r)].filter((x): x is ChartSpec => x !== null),
    comparisons: comparisons(r),
    data: { ...r } as unknown as Record<string, unknown>,
    scaleNote:
      `A ${r.model.parameters.toLocaleString('en-US')}-parameter decoder trained from scratch on one CPU core, against the paper's CodeExecutor: a 125M-parameter ` +
      `UniXcoder-initialised model pre-trained on millions of traced programs on GPUs. Our SingleLine and Tutorial-style programs are generated here ` +
      `(the paper's Tutorial set is the Python tutorial's examples, its CodeNetMut set mutated CodeNet submissions): the sets share the paper's ` +
      `definitions and metrics, not its programs. Standard errors: binomial for accuracies, bootstrap over programs for F1.`,
    seconds,
  };
}

function heldOutTable(r: TraceExperimentResult): ReportTable {
  const rows: Record<string, TableCell>[] = [];
  for (const k of sets(r)) {
    const e = r.evaluation[k];
    const row = (who: string, s: SetSummary, paper: boolean): Record<string, TableCell> => ({
      set: EVAL_SET_LABELS[k],
      who,
      programs: s.programs,
      outputAcc: cell(s.outputAccuracy, paper ? paperFor(k, 'output') : undefined),
      traceAcc: cell(s.traceAccuracy, paper ? paperFor(k, 'trace') : undefined),
      lineF1: cell(s.lineF1),
      idF1: cell(s.identifierF1),
    });
    rows.push(row('trace model', e.model, true));
    for (const [name, b] of Object.entries(e.baselines)) rows.push(row(`baseline: ${name}`, b, false));
  }
  return {
    id: HELD_OUT_TABLE,
    title: 'Held-out programs: the trace model, the baselines, and CodeExecutor (Table 2, in brackets)',
    caption:
      'Metrics as CodeExecutor defines them: output accuracy over programs that print, trace accuracy = whole trace exact, line and identifier F1 ' +
      'over steps compared position by position (a step counts only when its line and whole state match; an identifier only where its line matches). ± one standard error.' +
      (r.settings.evalCap ? ` Predictions stop at \`<eos>\`, the context, or ${r.settings.evalCap}× the gold trace's tokens + 16.` : ' Predictions stop at `<eos>` or the context.'),
    columns: [
      { key: 'set', label: 'held-out set' },
      { key: 'who', label: 'predictor' },
      { key: 'programs', label: 'programs', format: INT },
      pctColumn('outputAcc', 'output acc'),
      pctColumn('traceAcc', 'trace acc'),
      pctColumn('lineF1', 'line F1'),
      pctColumn('idF1', 'identifier F1'),
    ],
    rows,
    notes: [
      `Paper (${PAPER_TABLE}): SingleLine about ${PAPER_SINGLELINE_ACC}% executed correctly; Tutorial output accuracy ${PAPER_TUTORIAL_OUTPUT_ACC} (Codex ${PAPER_TUTORIAL_OUTPUT_ACC_CODEX}); CodeNetMut output accuracy ${PAPER_CODENETMUT_OUTPUT_ACC}.`,
      'Baselines read only the source: "line order only" writes one empty-state step per statement in static order; "copy the previous state" also carries the state forward and adds values that are written down (literals, copies), never computed ones.',
    ],
  };
}

function templateTable(r: TraceExperimentResult, ...keys: EvalSetName[]): ReportTable {
  const rows: Record<string, TableCell>[] = [];
  for (const k of keys) {
    for (const [g, s] of Object.entries(r.evaluation[k].groups)) {
      rows.push({ template: g, heldOut: k === 'singlelineTemplates' ? 'template' : 'program', programs: s.model.programs, traceAcc: pct(s.model.traceAccuracy), idF1: pct(s.model.identifierF1), copy: pct(s.copy.traceAccuracy) });
    }
  }
  return {
    id: 'singleline-templates',
    title: 'SingleLine accuracy per template',
    caption: 'Held out by program: the template was trained on, this program was not. Held out by template: no program of the template was trained on (each composes trained operations).',
    columns: [
      { key: 'template', label: 'template' },
      { key: 'heldOut', label: 'held out by' },
      { key: 'programs', label: 'programs', format: INT },
      pctColumn('traceAcc', 'trace acc'),
      pctColumn('idF1', 'identifier F1'),
      pctColumn('copy', 'trace acc, copy baseline'),
    ],
    rows,
  };
}

function familyTable(r: TraceExperimentResult): ReportTable {
  const rows: Record<string, TableCell>[] = [];
  for (const k of ['tutorial', 'codenetmut'] as const) {
    for (const [g, s] of Object.entries(r.evaluation[k].groups)) {
      rows.push({ set: k === 'tutorial' ? 'Tutorial' : 'CodeNetMut', group: g, programs: s.model.programs, outputAcc: pct(s.model.outputAccuracy), traceAcc: pct(s.model.traceAccuracy), lineF1: pct(s.model.lineF1), copyLineF1: pct(s.copy.lineF1) });
    }
  }
  return {
    id: 'tutorial-families',
    title: 'Tutorial-style accuracy per program family (Tutorial) and per mutation operator (CodeNetMut)',
    columns: [
      { key: 'set', label: 'set' },
      { key: 'group', label: 'family / operator' },
      { key: 'programs', label: 'programs', format: INT },
      pctColumn('outputAcc', 'output acc'),
      pctColumn('traceAcc', 'trace acc'),
      pctColumn('lineF1', 'line F1'),
      pctColumn('copyLineF1', 'line F1, copy baseline'),
    ],
    rows,
  };
}

function datasetsTable(r: TraceExperimentResult): ReportTable {
  const d = r.datasets;
  return {
    id: 'datasets',
    title: 'Datasets',
    caption: `Programs traced in the sandbox (those that raise or break a limit are dropped), then de-duplicated by source; ${d.leaksRemoved} training programs dropped because a held-out set holds a copy.`,
    columns: [
      { key: 'set', label: 'set' },
      { key: 'records', label: 'traced', format: INT },
      { key: 'duplicates', label: 'duplicates', format: INT },
      { key: 'train', label: 'trained on', format: INT },
      { key: 'meanSteps', label: 'mean steps', format: FIXED2 },
      { key: 'meanTraceWords', label: 'mean trace words', format: FIXED2 },
      { key: 'printing', label: 'printing', format: INT },
    ],
    rows: Object.entries(d.traced).map(([k, x]) => ({
      set: k,
      records: x.records,
      duplicates: d.duplicates[k] ?? 0,
      train: k === 'singleline' ? (r.training.examples.singleline ?? 0) : k === 'codenetmut' ? (r.training.examples.mutants ?? 0) : null,
      meanSteps: x.meanSteps,
      meanTraceWords: x.meanTraceWords,
      printing: x.printing,
    })),
  };
}

function throughputTable(r: TraceExperimentResult): ReportTable {
  const t = r.throughput;
  return {
    id: 'throughput',
    title: `Tracer throughput (warm pool of ${t.workers} sandboxed Pyodide workers)`,
    caption: 'Measured once per run on a shared machine: it moves with the load.',
    columns: [
      { key: 'set', label: 'programs' },
      { key: 'n', label: 'count', format: INT },
      { key: 'programsPerSec', label: 'throughput', unit: 'programs/s', format: FIXED2 },
      { key: 'linesPerSec', label: 'line events', unit: 'lines/s', format: FIXED2 },
    ],
    rows: [
      { set: 'SingleLine', n: t.singlelinePrograms, programsPerSec: t.singlelineProgramsPerSec, linesPerSec: t.singlelineLinesPerSec },
      { set: 'Tutorial (stdlib doctests)', n: t.tutorialPrograms, programsPerSec: t.tutorialProgramsPerSec, linesPerSec: t.tutorialLinesPerSec },
    ],
  };
}

/** Metrics on which the model's value is above both baselines', per set. */
function beatsBaselines(r: TraceExperimentResult, k: EvalSetName): { won: string[]; lost: string[] } {
  const e = r.evaluation[k];
  const won: string[] = [];
  const lost: string[] = [];
  const metrics: Array<[string, (s: SetSummary) => number | null]> = [
    ['output accuracy', (s) => s.outputAccuracy.value],
    ['trace accuracy', (s) => s.traceAccuracy.value],
    ['line F1', (s) => s.lineF1.value],
    ['identifier F1', (s) => s.identifierF1.value],
  ];
  for (const [name, get] of metrics) {
    const ours = get(e.model);
    if (ours === null) continue;
    const best = Math.max(...Object.values(e.baselines).map((b) => get(b) ?? 0));
    (ours > best ? won : lost).push(name);
  }
  return { won, lost };
}

function findings(r: TraceExperimentResult): string[] {
  const out: string[] = [];
  for (const k of sets(r)) {
    const e = r.evaluation[k];
    const { won, lost } = beatsBaselines(r, k);
    out.push(
      `${EVAL_SET_LABELS[k]}: trace accuracy ${pct(e.model.traceAccuracy.value)}%` +
        (e.model.outputAccuracy.value !== null ? `, output accuracy ${pct(e.model.outputAccuracy.value)}%` : '') +
        `; above both baselines on ${won.length > 0 ? won.join(', ') : 'no metric'}${lost.length > 0 ? ` (not on ${lost.join(', ')})` : ''}. ` +
        `${pct(e.fits)}% of its programs fit the ${r.model.config.maxLen}-token context whole; ${e.cut} predictions ran into it.`,
    );
  }
  const last = r.curve[r.curve.length - 1];
  const prev = r.curve[r.curve.length - 2];
  if (last && prev) {
    const delta = Object.entries(last.sets).map(([k, v]) => `${k} ${pct(prev.sets[k]?.traceAccuracy ?? null)}% → ${pct(v.traceAccuracy)}%`);
    out.push(`Trace accuracy over the last curve interval (${(prev.traceTokens / 1e6).toFixed(2)}M → ${(last.traceTokens / 1e6).toFixed(2)}M trace tokens): ${delta.join(', ')}.`);
  }
  return out;
}

function comparisons(r: TraceExperimentResult): PaperComparison[] {
  const inTable = { unit: '%', shownIn: HELD_OUT_TABLE } as const;
  const e = r.evaluation;
  return [
    { metric: 'SingleLine trace accuracy', ours: pct(e.singleline.model.traceAccuracy.value), paper: PAPER_SINGLELINE_ACC, table: PAPER_TABLE, note: `paper: about ${PAPER_SINGLELINE_ACC}% of SingleLine transformations executed correctly`, ...inTable },
    { metric: 'Tutorial output accuracy', ours: pct(e.tutorial.model.outputAccuracy.value), paper: PAPER_TUTORIAL_OUTPUT_ACC, table: PAPER_TABLE, note: `Codex: ${PAPER_TUTORIAL_OUTPUT_ACC_CODEX}; ours on held-out generated teaching programs`, ...inTable },
    { metric: 'Tutorial line F1', ours: pct(e.tutorial.model.lineF1.value), paper: null, table: null, ...inTable },
    { metric: 'CodeNetMut output accuracy', ours: e.codenetmut.programs > 0 ? pct(e.codenetmut.model.outputAccuracy.value) : null, paper: PAPER_CODENETMUT_OUTPUT_ACC, table: PAPER_TABLE, note: 'ours: mutants (12 operators) of held-out teaching programs, never trained on', ...inTable },
  ];
}

function curveChart(r: TraceExperimentResult): ChartSpec | null {
  const rows = r.curve.flatMap((p) =>
    Object.entries(p.sets).flatMap(([set, m]) =>
      (
        [
          ['trace accuracy', m.traceAccuracy],
          ['output accuracy', m.outputAccuracy],
          ['line F1', m.lineF1],
          ['identifier F1', m.identifierF1],
        ] as const
      ).flatMap(([metric, v]) => (v === null ? [] : [{ tokens: Number((p.traceTokens / 1e6).toFixed(4)), set, metric, value: pct(v) }])),
    ),
  );
  if (rows.length === 0) return null;
  return chartSpec('learning-curves', 'Held-out metrics vs trace tokens trained on', {
    data: { values: rows },
    facet: { column: { field: 'metric', type: 'nominal', title: null, sort: ['trace accuracy', 'output accuracy', 'line F1', 'identifier F1'] } },
    spec: {
      width: 180,
      height: 160,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'tokens', type: 'quantitative', title: 'trace tokens trained on (millions)' },
        y: { field: 'value', type: 'quantitative', title: 'held-out metric (%)', scale: { domain: [0, 100] } },
        color: { field: 'set', type: 'nominal', title: 'held-out set' },
      },
    },
  });
}

function lossChart(r: TraceExperimentResult): ChartSpec | null {
  const t = r.training;
  if (t.losses.length === 0) return null;
  const every = Math.max(1, Math.floor(t.losses.length / 200));
  const rows: Array<{ step: number; loss: number; source: string }> = [];
  for (let i = 0; i < t.losses.length; i += every) {
    const w = t.losses.slice(i, i + every);
    rows.push({ step: i, loss: Number((w.reduce((a, b) => a + b, 0) / w.length).toFixed(4)), source: t.sources[i] ?? '' });
  }
  return chartSpec('training-loss', 'Training loss (weighted cross-entropy, mean over windows of steps)', {
    data: { values: rows },
    mark: 'line',
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'optimisation step (steps)' },
      y: { field: 'loss', type: 'quantitative', title: 'loss (nats/token)', scale: { type: 'log' } },
    },
    width: 480,
    height: 200,
  });
}

function finalChart(r: TraceExperimentResult): ChartSpec {
  const rows: Array<{ set: string; who: string; metric: string; value: number }> = [];
  for (const k of sets(r)) {
    const e = r.evaluation[k];
    const add = (who: string, s: SetSummary): void => {
      for (const [metric, v] of [
        ['trace acc', s.traceAccuracy.value],
        ['output acc', s.outputAccuracy.value],
        ['line F1', s.lineF1.value],
        ['identifier F1', s.identifierF1.value],
      ] as const) {
        const p = pct(v);
        if (p !== null) rows.push({ set: EVAL_SET_LABELS[k], who, metric, value: p });
      }
    };
    add('trace model', e.model);
    for (const [name, b] of Object.entries(e.baselines)) add(name, b);
  }
  return chartSpec('held-out-metrics', 'Held-out metrics: trace model vs baselines', {
    data: { values: rows },
    facet: { row: { field: 'set', type: 'nominal', title: null, header: { labelAngle: 0, labelAlign: 'left' } } },
    spec: {
      width: 360,
      height: 110,
      mark: 'bar',
      encoding: {
        x: { field: 'metric', type: 'nominal', title: 'metric', sort: ['trace acc', 'output acc', 'line F1', 'identifier F1'] },
        xOffset: { field: 'who' },
        y: { field: 'value', type: 'quantitative', title: 'held-out metric (%)', scale: { domain: [0, 100] } },
        color: { field: 'who', type: 'nominal', title: 'predictor' },
      },
    },
  });
}

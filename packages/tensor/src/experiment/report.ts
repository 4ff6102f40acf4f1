import { chartSpec } from '../report/chart.js';
import type { ReportSection, ReportTable } from '../report/types.js';
import type { LossPoint, TrainLmResult } from '../node/lm/train-lm.js';

/** What the `lm` section reports from a training run (everything but the live model). */
export type LmRunSummary = Omit<TrainLmResult, 'model'>;

/**
 * The `lm` section of the reproduce report from a finished run: what was trained, a table of
 * losses, perplexity and throughput with units, the training curve, and the scale note.
 */
export function buildLmSection(r: LmRunSummary, seconds: number): ReportSection {
  const s = r.settings;
  const first = r.losses[0]?.loss ?? NaN;
  const last = meanOf(r.losses.slice(-10));
  const intro = `A ${s.numLayers}-layer decoder-only transformer (d=${s.dModel}, ${s.numHeads} heads, ${r.parameters.toLocaleString('en-US')} parameters, no position encoding, full causal attention) trained for ${s.steps} steps on the first ${s.maxChars.toLocaleString('en-US')} characters of *Moby Dick* with a ${s.tokenizer} tokenizer (${r.tokenizer.vocabSize} ids), context ${s.seqLen}, batch ${s.batchSize}, AdamW with warm-up and cosine decay.`;
  const fixed = (digits: number) => ({ style: 'fixed', digits }) as const;
  const table: ReportTable = {
    id: 'training',
    title: 'Training and validation',
    columns: [
      { key: 'measure', label: 'measure' },
      { key: 'value', label: 'value' },
      { key: 'unit', label: 'unit' },
    ],
    rows: [
      { measure: 'training loss, first step', value: { value: first, format: fixed(3) }, unit: 'nats/token' },
      { measure: 'training loss, mean of last 10 steps', value: { value: last, format: fixed(3) }, unit: 'nats/token' },
      { measure: `validation perplexity (${r.valid.tokens.toLocaleString('en-US')} held-out tokens, windows of ${s.seqLen})`, value: { value: r.valid.ppl, format: fixed(2) }, unit: 'per token' },
      { measure: 'uniform-guess perplexity (vocabulary size)', value: r.tokenizer.vocabSize, unit: 'per token' },
      { measure: 'training throughput', value: { value: r.tokensPerSec, format: { style: 'integer' } }, unit: 'tokens/s' },
      { measure: 'backend', value: r.backend, unit: '' },
    ],
  };
  const chart = chartSpec('training-curve', 'Training loss per step (nats/token)', lossChart(r.losses));
  return {
    id: 'lm',
    title: 'Core: small language model on Moby Dick',
    intro,
    tables: [table],
    findings: r.resumedFrom > 0 ? [`Resumed from the checkpoint at step ${r.resumedFrom}.`] : [],
    charts: [chart],
    comparisons: [
      {
        metric: `valid ppl (${s.tokenizer}-level, moby-dick)`,
        ours: r.valid.ppl,
        paper: null,
        table: null,
        note: 'The core LM is not from one of the four papers; it checks the shared training stack.',
      },
    ],
    data: {
      settings: s,
      parameters: r.parameters,
      vocabSize: r.tokenizer.vocabSize,
      validPpl: r.valid.ppl,
      validNll: r.valid.meanNll,
      validTokens: r.valid.tokens,
      firstLoss: first,
      lastLossMean10: last,
      tokensPerSec: r.tokensPerSec,
      trainSeconds: r.trainSeconds,
      backend: r.backend,
      resumedFrom: r.resumedFrom,
      losses: r.losses.map((p) => p.loss),
    },
    scaleNote: `Laptop scale: ${r.parameters.toLocaleString('en-US')} parameters and ${(s.steps * s.batchSize * s.seqLen).toLocaleString('en-US')} training tokens on 2 CPU cores; a character model of this size only learns spelling and short-range structure (perplexity far above what large models reach). Numbers are for this seed; throughput depends on machine load.`,
    seconds,
  };
}

function meanOf(points: LossPoint[]): number {
  return points.length === 0 ? NaN : points.reduce((a, p) => a + p.loss, 0) / points.length;
}

/** Vega-Lite line chart of the loss per step, with a 10-step moving average. */
function lossChart(losses: LossPoint[]): Record<string, unknown> {
  const x = { field: 'step', type: 'quantitative', title: 'training progress (steps)' };
  const y = (field: string) => ({ field, type: 'quantitative', title: 'loss (nats/token)' });
  return {
    width: 480,
    height: 240,
    data: { values: losses.map((p) => ({ step: p.step, loss: Number(p.loss.toFixed(5)) })) },
    transform: [{ window: [{ op: 'mean', field: 'loss', as: 'smoothed' }], frame: [-9, 0], sort: [{ field: 'step' }] }],
    layer: [
      { mark: { type: 'line', opacity: 0.35 }, encoding: { x, y: y('loss') } },
      { mark: { type: 'line', color: '#d62728' }, encoding: { x, y: y('smoothed') } },
    ],
  };
}

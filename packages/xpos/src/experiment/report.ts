import { chartSpec, type ChartSpec, type NumberFormat, type PaperComparison, type ReportSection, type ReportTable, type TableCell } from '@lmkit/tensor';
import { PAPER_NUMBERS, paperPpl } from './paper.js';
import type { ExtrapolationResult } from './run.js';

const fixed = (digits: number): NumberFormat => ({ style: 'fixed', digits });

/** Table ids of this section (comparisons name the table that already shows them). */
export const XPOS_TABLE_IDS = { ppl: 'ppl-vs-length', growth: 'growth-past-l', resolution: 'attention-resolution' } as const;

/** Footnote of every perplexity comparison. */
const PPL_NOTE = 'char-level Moby Dick, tiny model; the paper: subword arXiv, ~300M-parameter model: compare shapes, not values';
/** Footnote of the growth ratios. */
const GROWTH_NOTE = 'growth past the training length: comparable across scales';
/** Footnote of the attention resolution. */
const RESOLUTION_NOTE = "ours: unscaled R (≤ 1), last term with e^{s[N]} = 0, mean over queries ≥ 1, heads, layers; the paper's scaling is unstated";

function multipleLabel(m: number): string {
  if (m === 1) return 'L';
  if (m < 1) return `L/${Math.round(1 / m)}`;
  return `${m}L`;
}

/** Variants whose model at length ≤ L is another variant's (BCA is a no-op up to L). */
const SAME_MODEL_AT_L: Record<string, string> = { xpos: 'xpos+bca', 'rope+bca': 'rope' };

/** Index into the paper's length columns (L/4 … 4L) of an evaluation multiple, or -1. */
function paperIndex(m: number): number {
  return (PAPER_NUMBERS.evalMultiples as readonly number[]).indexOf(m);
}

/** The first column of every table: variant id and the paper's name for it. */
const modelColumn = { key: 'model', label: 'model' };

function modelCell(v: { id: string; paperName: string }): string {
  return `${v.id} — ${v.paperName}`;
}

/** Tables 2/5 shape: one row per variant, one column per evaluation length, ours with the paper's in brackets. */
export function pplTable(r: ExtrapolationResult): ReportTable {
  const mults = r.config.evalMultiples;
  return {
    id: XPOS_TABLE_IDS.ppl,
    title: 'Perplexity vs evaluation length (Tables 2 and 5)',
    caption: "Perplexity per character at each evaluation length (tokens); in brackets the paper's per-subword value at the same multiple of its training length 1024 (Table 2, Table 5 for rope+bca and xpos without BCA).",
    columns: [modelColumn, ...mults.map((m, i) => ({ key: `m${i}`, label: `${multipleLabel(m)} = ${r.lengths[i]}`, format: fixed(2) }))],
    rows: r.variants.map((v) => {
      const row: Record<string, TableCell> = { model: modelCell(v) };
      mults.forEach((m, i) => {
        const j = paperIndex(m);
        const paper = j >= 0 ? paperPpl(v.id, j) : null;
        row[`m${i}`] = { value: r.ppl[v.id]?.[i] ?? null, ...(paper ? { paper: paper.value } : {}) };
      });
      return row;
    }),
    notes: [PPL_NOTE],
  };
}

/** The paper's perplexity at L for a variant (BCA changes nothing up to L: the same model's value with/without it). */
function paperAtL(id: string): { value: number; table: string } | null {
  return paperPpl(id, paperIndex(1)) ?? paperPpl(SAME_MODEL_AT_L[id] ?? '', paperIndex(1));
}

/** Growth past the training length, ppl(kL)/ppl(L), ours beside the paper's: the comparable shape. */
export function growthTable(r: ExtrapolationResult): ReportTable {
  const iL = r.config.evalMultiples.indexOf(1);
  const past = r.config.evalMultiples.map((m, i) => [m, i] as const).filter(([m]) => m > 1);
  return {
    id: XPOS_TABLE_IDS.growth,
    title: 'Growth past the training length, ppl(kL) / ppl(L)',
    caption: "How much perplexity grows beyond L (1 = flat); in brackets the paper's ratio from the same tables.",
    columns: [modelColumn, ...past.map(([m, i]) => ({ key: `m${i}`, label: `${multipleLabel(m)} / L`, format: fixed(2) }))],
    rows: r.variants.map((v) => {
      const row: Record<string, TableCell> = { model: modelCell(v) };
      const oursL = iL >= 0 ? r.ppl[v.id]?.[iL] : null;
      const pL = paperAtL(v.id);
      for (const [m, i] of past) {
        const ours = r.ppl[v.id]?.[i];
        const j = paperIndex(m);
        const paper = j >= 0 ? paperPpl(v.id, j) : null;
        row[`m${i}`] = {
          value: ours !== null && ours !== undefined && oursL ? ours / oursL : null,
          ...(paper && pL ? { paper: paper.value / pL.value } : {}),
        };
      }
      return row;
    }),
    notes: [GROWTH_NOTE],
  };
}

/** Table 3 shape: attention resolution at L and 2L, ours with the paper's in brackets. */
export function resolutionTable(r: ExtrapolationResult): ReportTable {
  return {
    id: XPOS_TABLE_IDS.resolution,
    title: 'Attention resolution (Table 3)',
    caption:
      'R(s) = Σᵢ e^{s[i]}(e^{s[i]} − e^{s[i+1]}) / (Σᵢ e^{s[i]})², s indexed by distance, e^{s[N]} taken as 0, averaged over query positions ≥ 1, heads, layers and ' +
      `${r.config.resolutionWindows} held-out windows; in brackets the paper's value.`,
    columns: [modelColumn, { key: 'atL', label: `L = ${r.config.trainLength}`, format: fixed(3) }, { key: 'at2L', label: `2L = ${2 * r.config.trainLength}`, format: fixed(3) }],
    rows: r.variants.map((v) => {
      const ours = r.resolution[v.id];
      const paper = PAPER_NUMBERS.table3Resolution[v.id];
      return {
        model: modelCell(v),
        atL: { value: ours?.atL ?? null, ...(paper ? { paper: paper.atL } : {}) },
        at2L: { value: ours?.at2L ?? null, ...(paper ? { paper: paper.at2L } : {}) },
      };
    }),
    notes: [RESOLUTION_NOTE],
  };
}

/** A Vega-Lite line chart of perplexity against evaluation length (log axes), one line per variant. */
export function pplChart(r: ExtrapolationResult): ChartSpec {
  const values = r.variants.flatMap((v) =>
    r.lengths.flatMap((len, i) => {
      const ppl = r.ppl[v.id]?.[i];
      return ppl === null || ppl === undefined ? [] : [{ variant: v.id, length: len, ppl }];
    }),
  );
  return chartSpec('ppl-vs-length', `Perplexity vs evaluation length (trained at L = ${r.config.trainLength})`, {
      width: 480,
      height: 300,
      layer: [
        {
          data: { values },
          mark: { type: 'line', point: true },
          encoding: {
            x: { field: 'length', type: 'quantitative', scale: { type: 'log', base: 2 }, title: 'evaluation length (tokens)' },
            y: { field: 'ppl', type: 'quantitative', scale: { type: 'log' }, title: 'perplexity (per character, log scale)' },
            color: { field: 'variant', type: 'nominal', title: 'model' },
            tooltip: [{ field: 'variant' }, { field: 'length' }, { field: 'ppl', format: '.2f' }],
          },
        },
        {
          data: { values: [{ length: r.config.trainLength }] },
          mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' },
          encoding: { x: { field: 'length', type: 'quantitative', title: 'evaluation length (tokens)' } },
        },
      ],
  });
}

/** Our numbers beside the paper's: raw values, and the growth ratio ppl(kL)/ppl(L) that is comparable across scales. */
export function comparisons(r: ExtrapolationResult): PaperComparison[] {
  const out: PaperComparison[] = [];
  const iL = r.config.evalMultiples.indexOf(1);
  for (const v of r.variants) {
    r.config.evalMultiples.forEach((m, i) => {
      const j = paperIndex(m);
      const paper = j >= 0 ? paperPpl(v.id, j) : null;
      if (!paper) return;
      out.push({ metric: `ppl@${multipleLabel(m)} ${v.id}`, ours: r.ppl[v.id]?.[i] ?? null, paper: paper.value, table: paper.table, note: PPL_NOTE, shownIn: XPOS_TABLE_IDS.ppl });
      const pL = paperAtL(v.id);
      const oursL = iL >= 0 ? r.ppl[v.id]?.[iL] : null;
      const ours = r.ppl[v.id]?.[i];
      if (m > 1 && pL) {
        out.push({
          metric: `ppl@${multipleLabel(m)} / ppl@L ${v.id}`,
          ours: ours !== null && ours !== undefined && oursL ? ours / oursL : null,
          paper: paper.value / pL.value,
          table: paper.table,
          note: GROWTH_NOTE,
          shownIn: XPOS_TABLE_IDS.growth,
        });
      }
    });
    const pr = PAPER_NUMBERS.table3Resolution[v.id];
    if (pr) {
      const ours = r.resolution[v.id];
      const common = { table: `Table 3 (${PAPER_NUMBERS.source})`, note: RESOLUTION_NOTE, shownIn: XPOS_TABLE_IDS.resolution };
      out.push({ metric: `resolution@L ${v.id}`, ours: ours?.atL ?? null, paper: pr.atL, ...common });
      out.push({ metric: `resolution@2L ${v.id}`, ours: ours?.at2L ?? null, paper: pr.at2L, ...common });
    }
  }
  return out;
}

/** Plain statements read off the measured curves (no claim the data do not show). */
export function findings(r: ExtrapolationResult): string[] {
  const iL = r.config.evalMultiples.indexOf(1);
  const last = r.lengths.length - 1;
  const lines: string[] = [];
  const growth: [string, number][] = [];
  for (const v of r.variants) {
    const atL = r.ppl[v.id]?.[iL];
    const atMax = r.ppl[v.id]?.[last];
    if (atL && atMax) growth.push([v.id, atMax / atL]);
  }
  growth.sort((a, b) => a[1] - b[1]);
  if (growth.length > 0) {
    lines.push(
      `From L to ${multipleLabel(r.config.evalMultiples[last]!)} perplexity changes by ${growth.map(([id, g]) => `${id} ×${g.toFixed(2)}`).join(', ')} (flattest first).`,
    );
  }
  const best = r.variants
    .map((v) => [v.id, r.ppl[v.id]?.[last]] as const)
    .filter((x): x is readonly [string, number] => typeof x[1] === 'number')
    .sort((a, b) => a[1] - b[1])[0];
  if (best) lines.push(`Lowest perplexity at ${r.lengths[last]} tokens: ${best[0]} (${best[1].toFixed(2)}).`);
  const x = r.ppl['xpos']?.[last];
  const xb = r.ppl['xpos+bca']?.[last];
  if (x && xb) lines.push(`BCA changes XPOS's perplexity at ${r.lengths[last]} tokens from ${x.toFixed(2)} to ${xb.toFixed(2)}.`);
  const ro = r.ppl['rope']?.[last];
  const rb = r.ppl['rope+bca']?.[last];
  if (ro && rb) lines.push(`BCA changes RoPE's perplexity at ${r.lengths[last]} tokens from ${ro.toFixed(2)} to ${rb.toFixed(2)}.`);
  return lines;
}

/** Honest statement of how this run differs from the paper's setup. */
export function scaleNote(r: ExtrapolationResult): string {
  const m = r.config.model;
  const params = Object.values(r.models)[0]?.parameters;
  return (
    `Paper: models of ~300M parameters trained at L = 1024 on arXiv with a subword vocabulary, evaluated at 256…4096. ` +
    `Here: ${params ?? '?'}-parameter models (d=${m.dModel}, ${m.numLayers} layers, ${m.numHeads} heads) trained for ${r.config.steps} steps ` +
    `of ${r.config.batchSize}×${r.config.trainLength} characters on Moby Dick (character-level, ${String(r.data.vocabSize ?? '?')} symbols), ` +
    `evaluated on ${r.config.evalTokens} held-out characters at ${r.lengths.join('/')}. Perplexities are per character and far from the paper's ` +
    `per-subword values; only the shape of each curve (growth past L) and the ordering are comparable. Attention resolution is our unscaled ` +
    `R ≤ 1, so the paper's 1.08 has no counterpart.`
  );
}

/** Builds the `xpos` section of the reproduce report from a measured result. */
export function buildXposSection(r: ExtrapolationResult): ReportSection {
  return {
    id: 'xpos',
    title: 'A Length-Extrapolatable Transformer (XPOS + BCA)',
    intro:
      `Each model is the same transformer trained with a different position encoding at L = ${r.config.trainLength} (same seed, batches and steps), ` +
      `then evaluated at ${r.lengths.join('/')} tokens, with full causal attention and, for RoPE and XPOS, with blockwise causal attention (BCA, blocks of L/2).`,
    tables: [pplTable(r), growthTable(r), resolutionTable(r)],
    findings: findings(r),
    charts: [pplChart(r)],
    comparisons: comparisons(r),
    data: r as unknown as Record<string, unknown>,
    scaleNote: scaleNote(r),
    seconds: r.seconds,
  };
}

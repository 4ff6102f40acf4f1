import { Rng, type Transformer } from '@lmkit/tensor';
import { tokenLosses } from '../lm/losses.js';
import { SEP } from '../lm/tokens.js';

/** A held-out paragraph for the in-context gain: its task and token ids. */
export interface GainParagraph {
  task: string;
  ids: number[];
}

/**
 * One query of the in-context gain: `same[i]` and `other[i]` have the same length, so contexts of
 * the first k of each are equally long; `same` are paragraphs of the query's task, `other` of other tasks.
 */
export interface GainItem {
  task: string;
  query: number[];
  same: number[][];
  other: number[][];
}

/** Options of {@link buildGainItems}. */
export interface GainItemOptions {
  /** Queries in all (spread round-robin over the tasks). */
  queries: number;
  /** Demonstrations per condition at the largest k. */
  maxK: number;
  /** Tokens kept of each demonstration. */
  demoMaxTokens: number;
  /** Tokens kept of the query. */
  queryMaxTokens: number;
  /** Seed of the draws (keep it fixed across models so every model sees the same items). */
  seed: number;
}

/**
 * Draws the evaluation items of the in-context gain (issue 15): for a query paragraph of a held-out
 * task, `maxK` other paragraphs of the same task (picked by the task labels, not by a retriever) and,
 * for each, a paragraph of another task cut to the same length. Tasks with fewer than `maxK + 2`
 * paragraphs are skipped.
 */
export function buildGainItems(paragraphs: readonly GainParagraph[], options: GainItemOptions): GainItem[] {
  const rng = new Rng(options.seed);
  const byTask = new Map<string, number[]>();
  paragraphs.forEach((p, i) => {
    if (p.ids.length < 2) return;
    byTask.set(p.task, [...(byTask.get(p.task) ?? []), i]);
  });
  const tasks = [...byTask.keys()].filter((t) => (byTask.get(t) as number[]).length >= options.maxK + 2).sort();
  if (tasks.length < 2) return [];
  const shuffled = new Map(tasks.map((t) => [t, rng.shuffle([...(byTask.get(t) as number[])])]));
  const items: GainItem[] = [];
  for (let r = 0; items.length < options.queries; r++) {
    const task = tasks[r % tasks.length] as string;
    const list = shuffled.get(task) as number[];
    const q = list[Math.floor(r / tasks.length) % list.length] as number;
    const sameIdx = rng.shuffle(list.filter((i) => i !== q)).slice(0, options.maxK);
    const same: number[][] = [];
    const other: number[][] = [];
    for (const s of sameIdx) {
      let demo = (paragraphs[s] as GainParagraph).ids.slice(0, options.demoMaxTokens);
      let pick: number[] | null = null;
      let longest: number[] = [];
      for (let tries = 0; tries < 64 && !pick; tries++) {
        const t = rng.pick(tasks.filter((x) => x !== task));
        const ids = (paragraphs[rng.pick(byTask.get(t) as number[])] as GainParagraph).ids;
        if (ids.length >= demo.length) pick = ids.slice(0, demo.length);
        else if (ids.length > longest.length) longest = ids;
      }
      if (!pick) {
        demo = demo.slice(0, longest.length);
        pick = longest;
      }
      same.push(demo);
      other.push(pick);
    }
    items.push({ task, query: (paragraphs[q] as GainParagraph).ids.slice(0, options.queryMaxTokens), same, other });
  }
  return items;
}

/** `<sep> d₁ <sep> … d_k <sep> query` and where the query starts. */
function contextRow(demos: number[][], query: number[]): { row: number[]; start: number } {
  const row: number[] = [];
  for (const d of demos) row.push(SEP, ...d);
  row.push(SEP);
  return { row: [...row, ...query], start: row.length };
}

/** Query losses (nats/token) of one item at one k: after k same-task and after k other-task paragraphs. */
export interface GainMeasure {
  task: string;
  k: number;
  same: number;
  other: number;
}

/**
 * Mean loss per token of each item's query after its first k same-task demonstrations and after
 * its first k other-task paragraphs, for every k in `ks` (k = 0 is measured once and is the same
 * for both). The in-context gain is `other − same`: positive when same-task context helps more.
 */
export function measureGain(model: Transformer, items: readonly GainItem[], ks: readonly number[], batchSize = 16): GainMeasure[] {
  const plans: { item: number; k: number; cond: 'same' | 'other'; row: number[]; start: number }[] = [];
  items.forEach((it, i) => {
    for (const k of ks) {
      plans.push({ item: i, k, cond: 'same', ...contextRow(it.same.slice(0, k), it.query) });
      if (k > 0) plans.push({ item: i, k, cond: 'other', ...contextRow(it.other.slice(0, k), it.query) });
    }
  });
  // Similar lengths in one batch: less padding.
  const order = plans.map((_, i) => i).sort((a, b) => (plans[a] as (typeof plans)[number]).row.length - (plans[b] as (typeof plans)[number]).row.length);
  const loss = new Float64Array(plans.length);
  for (let i = 0; i < order.length; i += batchSize) {
    const idx = order.slice(i, i + batchSize);
    const losses = tokenLosses(model, idx.map((j) => (plans[j] as (typeof plans)[number]).row));
    idx.forEach((j, b) => {
      const p = plans[j] as (typeof plans)[number];
      const span = (losses[b] as number[]).slice(p.start - 1);
      loss[j] = span.reduce((a, x) => a + x, 0) / Math.max(1, span.length);
    });
  }
  const out: GainMeasure[] = [];
  items.forEach((it, i) => {
    for (const k of ks) {
      const same = loss[plans.findIndex((p) => p.item === i && p.k === k && p.cond === 'same')] as number;
      const otherIdx = plans.findIndex((p) => p.item === i && p.k === k && p.cond === 'other');
      out.push({ task: it.task, k, same, other: otherIdx < 0 ? same : (loss[otherIdx] as number) });
    }
  });
  return out;
}

/** Mean in-context gain (other − same, nats/token) per k. */
export function meanGainByK(measures: readonly GainMeasure[], ks: readonly number[]): number[] {
  return ks.map((k) => {
    const m = measures.filter((x) => x.k === k);
    return m.length ? m.reduce((a, x) => a + (x.other - x.same), 0) / m.length : NaN;
  });
}

import type { Transformer } from '@lmkit/tensor';
import { spanLosses } from '../lm/losses.js';
import { SEP, type WordVocab } from '../lm/vocab.js';
import { instanceTexts, PICL_BUDGET, PICL_DEMO_MAX_TOKENS, type PiclInstance } from './build.js';

/** Options of {@link lossFilter}. */
export interface FilterOptions {
  /** Longest sequence the LM sees; context is cut from the left beyond it. Default 1024. */
  maxLength?: number;
  demoMaxTokens?: number;
  budget?: number;
  /** Instances per forward pass. Default 16. */
  batchSize?: number;
  /** Called after each batch with the number of instances scored. */
  onBatch?: (n: number) => void;
}

/** Result of {@link lossFilter}. */
export interface FilterResult {
  kept: PiclInstance[];
  /** Per instance: mean query loss with context − without (nats). */
  deltas: number[];
  /** Fraction kept (PICL: about 0.76). */
  keptFraction: number;
}

/** PICL's kept fraction after the loss filter (PAPERS.md §3, "about 76% kept"). */
export const PICL_PAPER_KEPT_FRACTION = 0.76;

/** Token ids `<sep> demo <sep> … query` and the index where the query starts. */
export function instanceIds(texts: string[], vocab: WordVocab, maxLength: number): { ids: number[]; queryStart: number } {
  const query = vocab.encode(texts[texts.length - 1] as string);
  const ctx: number[] = [SEP];
  for (const t of texts.slice(0, -1)) ctx.push(...vocab.encode(t), SEP);
  let ids = [...ctx, ...query];
  let queryStart = ctx.length;
  if (ids.length > maxLength) {
    const cut = ids.length - maxLength;
    ids = [SEP, ...ids.slice(cut + 1)];
    queryStart = Math.max(1, queryStart - cut);
  }
  return { ids, queryStart };
}

/**
 * PICL's filter (PAPERS.md §3): keep an instance when the LM's mean loss on the query paragraph
 * with the demonstrations as context, minus its loss without them, is below 0.
 */
export function lossFilter(model: Transformer, vocab: WordVocab, instances: PiclInstance[], textOf: (id: string) => string, options: FilterOptions = {}): FilterResult {
  const maxLength = options.maxLength ?? PICL_BUDGET;
  const bs = options.batchSize ?? 16;
  const deltas: number[] = [];
  for (let i = 0; i < instances.length; i += bs) {
    const batch = instances.slice(i, i + bs);
    const rows: number[][] = [];
    const from: number[] = [];
    for (const inst of batch) {
      const texts = instanceTexts(inst, textOf, options.demoMaxTokens ?? PICL_DEMO_MAX_TOKENS, options.budget ?? PICL_BUDGET);
      const withCtx = instanceIds(texts, vocab, maxLength);
      const alone = instanceIds(texts.slice(-1), vocab, maxLength);
      rows.push(withCtx.ids, alone.ids);
      from.push(withCtx.queryStart, alone.queryStart);
    }
    const losses = spanLosses(model, rows, from);
    for (let j = 0; j < batch.length; j++) deltas.push((losses[2 * j] as number) - (losses[2 * j + 1] as number));
    options.onBatch?.(batch.length);
  }
  const kept = instances.filter((_, i) => (deltas[i] as number) < 0);
  return { kept, deltas, keptFraction: instances.length ? kept.length / instances.length : 0 };
}

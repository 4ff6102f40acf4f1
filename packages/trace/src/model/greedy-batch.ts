/**
 * Greedy decoding of many prompts at once with a KV cache. Prompts of the same length share a
 * batch (positions stay aligned, so no padding mask is needed and each row decodes exactly as it
 * would alone); finished rows are dropped from the batch and its cache as soon as half are done.
 * Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeCache, selectCacheRows, type KVCache, type Transformer } from '@lmkit/tensor';

/** Options of {@link greedyDecodeBatch}. */
export interface DecodeOptions {
  /** Prompts decoded together at most. Default 32. */
  groupSize?: number;
  /** Called after each finished prompt with the number finished so far. */
  onDone?: (finished: number) => void;
  /** Per prompt, at most this many new tokens (stop `max-len`); default only the context limits. */
  maxNew?: readonly number[];
}

/** One decoded continuation. */
export interface DecodedIds {
  /** Generated ids, without the final `<eos>`. */
  ids: number[];
  stop: 'eos' | 'max-len' | 'prompt-too-long';
}

/** Greedy continuations of `prompts` until `eos` or `maxLen` tokens in total (prompt included). */
export function greedyDecodeBatch(model: Transformer, prompts: readonly number[][], limits: { eos: number; maxLen: number }, options: DecodeOptions = {}): DecodedIds[] {
  const groupSize = Math.max(1, options.groupSize ?? 32);
  const results: DecodedIds[] = prompts.map(() => ({ ids: [], stop: 'prompt-too-long' }));
  let finished = 0;
  const byLength = new Map<number, number[]>();
  prompts.forEach((p, i) => {
    if (p.length === 0 || p.length >= limits.maxLen) {
      options.onDone?.(++finished);
      return;
    }
    byLength.set(p.length, [...(byLength.get(p.length) ?? []), i]);
  });
  for (const [length, members] of [...byLength].sort((a, b) => a[0] - b[0])) {
    for (let g = 0; g < members.length; g += groupSize) {
      const rows = members.slice(g, g + groupSize);
      const caps = rows.map((i) => Math.min(limits.maxLen, length + (options.maxNew?.[i] ?? limits.maxLen)));
      decodeGroup(model, rows.map((i) => prompts[i]!), length, { eos: limits.eos, caps }, (row, out) => {
        results[rows[row]!] = out;
        options.onDone?.(++finished);
      });
    }
  }
  return results;
}

/** Decodes prompts of one length together (row r ends at `caps[r]` tokens in all); `done(row, result)` is called once per row. */
function decodeGroup(model: Transformer, group: number[][], promptLength: number, limits: { eos: number; caps: number[] }, done: (row: number, out: DecodedIds) => void): void {
  const cache: KVCache = model.newCache();
  const outs = group.map(() => [] as number[]);
  let rows = group.map((_, i) => i); // the group row of each batch row
  let alive = rows.map(() => true); // finished rows stay in the batch until half of it is done
  try {
    let next = lastArgmax(model, group, cache);
    for (;;) {
      rows.forEach((row, b) => {
        if (!alive[b]) return;
        const id = next[b]!;
        if (id === limits.eos) {
          alive[b] = false;
          done(row, { ids: outs[row]!, stop: 'eos' });
          return;
        }
        outs[row]!.push(id);
        if (promptLength + outs[row]!.length >= limits.caps[row]!) {
          alive[b] = false;
          done(row, { ids: outs[row]!, stop: 'max-len' });
        }
      });
      const keep = rows.map((_, b) => b).filter((b) => alive[b]);
      if (keep.length === 0) break;
      if (keep.length <= rows.length / 2) {
        selectCacheRows(cache, keep);
        next = keep.map((b) => next[b]!);
        rows = keep.map((b) => rows[b]!);
        alive = rows.map(() => true);
      }
      next = lastArgmax(model, next.map((id, b) => [alive[b] ? id : limits.eos]), cache);
    }
  } finally {
    disposeCache(cache);
  }
}

/** Runs `ids` through the model with the cache and returns the argmax at the last position of each row. */
function lastArgmax(model: Transformer, ids: number[][], cache: KVCache): number[] {
  const { logits } = model.forward(ids, { cache });
  try {
    const [B, T] = logits.shape;
    return tf.tidy(() => Array.from(logits.slice([0, T - 1, 0], [B, 1, -1]).argMax(-1).dataSync()));
  } finally {
    logits.dispose();
  }
}

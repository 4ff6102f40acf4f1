/**
 * Beam search with a KV cache, one prompt at a time (its beams are the rows of one batch). A
 * finished hypothesis is scored by its summed log-probability over its length (generated tokens,
 * `<eos>` included): length penalty 1, the common default, so a long trace is not beaten by an early
 * `<eos>` for being short. The search stops once `width` hypotheses have finished (or none is left).
 * Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeCache, selectCacheRows, type KVCache, type Transformer } from '@lmkit/tensor';
import type { DecodedIds } from './greedy-batch.js';

/** Options of {@link beamDecode}. */
export interface BeamOptions {
  /** Hypotheses kept at each step (1 is greedy decoding). */
  width: number;
  /** At most this many new tokens (stop `max-len`); default only the context limits. */
  maxNew?: number;
}

/** The best hypothesis of a beam search. */
export interface BeamResult extends DecodedIds {
  /** Its summed log-probability (natural log), `<eos>` included when it stopped there. */
  logProb: number;
}

interface Hypothesis {
  ids: number[];
  logProb: number;
}

/** Beam search continuation of `prompt` until `eos` or `maxLen` tokens in total (prompt included). */
export function beamDecode(model: Transformer, prompt: readonly number[], limits: { eos: number; maxLen: number }, options: BeamOptions): BeamResult {
  if (prompt.length === 0 || prompt.length >= limits.maxLen) return { ids: [], stop: 'prompt-too-long', logProb: 0 };
  const width = Math.max(1, Math.floor(options.width));
  const cap = Math.min(limits.maxLen, prompt.length + (options.maxNew ?? limits.maxLen));
  const finished: Array<BeamResult & { score: number }> = [];
  const finish = (h: Hypothesis, stop: 'eos' | 'max-len', length: number): void => {
    finished.push({ ids: h.ids, stop, logProb: h.logProb, score: h.logProb / length });
  };
  const cache = model.newCache();
  try {
    let beams: Hypothesis[] = [{ ids: [], logProb: 0 }];
    let logProbs = lastLogProbs(model, [[...prompt]], cache);
    while (beams.length > 0 && finished.length < width) {
      // Beams have equal lengths, so ranking by summed log-probability is ranking by score.
      const candidates = beams.flatMap((b, r) => topIds(logProbs[r]!, width + 1).map((id) => ({ from: r, id, logProb: b.logProb + logProbs[r]![id]! })));
      candidates.sort((a, b) => b.logProb - a.logProb);
      const next: Array<Hypothesis & { from: number }> = [];
      for (const [rank, c] of candidates.entries()) {
        if (next.length === width) break;
        const ids = beams[c.from]!.ids;
        if (c.id === limits.eos) {
          if (rank < width) finish({ ids, logProb: c.logProb }, 'eos', ids.length + 1);
          continue;
        }
        next.push({ from: c.from, ids: [...ids, c.id], logProb: c.logProb });
      }
      const alive = next.filter((h) => {
        if (prompt.length + h.ids.length < cap) return true;
        finish(h, 'max-len', h.ids.length);
        return false;
      });
      beams = alive;
      if (alive.length === 0 || finished.length >= width) break;
      selectCacheRows(cache, alive.map((h) => h.from));
      logProbs = lastLogProbs(model, alive.map((h) => [h.ids[h.ids.length - 1]!]), cache);
    }
  } finally {
    disposeCache(cache);
  }
  // Never empty: the loop ends only once a hypothesis finished (at `<eos>` or at the cap).
  let best = finished[0]!;
  for (const h of finished) if (h.score > best.score) best = h;
  return { ids: best.ids, stop: best.stop, logProb: best.logProb };
}

/** Runs `ids` through the model with the cache; per row, the log-probabilities at its last position. */
function lastLogProbs(model: Transformer, ids: number[][], cache: KVCache): Float32Array[] {
  const { logits } = model.forward(ids, { cache });
  try {
    const [B, T, V] = logits.shape;
    const flat = tf.tidy(() => tf.logSoftmax(logits.slice([0, T - 1, 0], [B, 1, V]).reshape([B, V])).dataSync() as Float32Array);
    return Array.from({ length: B }, (_, b) => flat.subarray(b * V, (b + 1) * V));
  } finally {
    logits.dispose();
  }
}

/** Ids of the `k` largest entries of `row`, largest first (ties: lower id first). */
function topIds(row: Float32Array, k: number): number[] {
  const top: number[] = [];
  for (let id = 0; id < row.length; id++) {
    if (top.length === k && row[id]! <= row[top[k - 1]!]!) continue;
    let at = Math.min(top.length, k - 1);
    if (top.length < k) top.push(id);
    while (at > 0 && row[top[at - 1]!]! < row[id]!) {
      top[at] = top[at - 1]!;
      at--;
    }
    top[at] = id;
  }
  return top;
}

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { disposeCache, selectCacheRows, Transformer } from './transformer.js';

beforeAll(async () => {
  await initBackend();
});

describe('KV cache (no position encoding)', () => {
  it('incremental decoding equals the full forward pass to 1e-4', () => {
    const model = new Transformer({ vocabSize: 9, dModel: 16, numHeads: 4, numLayers: 2, seed: 8 });
    const ids = [[3, 1, 4, 1, 5, 8, 2, 6], [2, 7, 1, 8, 2, 8, 1, 8]];
    const full = model.forward(ids).logits;
    const fullData = full.arraySync();
    const cache = model.newCache();
    // Prompt of 3 tokens in one call, then one token at a time.
    const chunks = [[0, 3], [3, 4], [4, 5], [5, 6], [6, 7], [7, 8]] as const;
    const before = tf.memory().numTensors;
    for (const [a, b] of chunks) {
      const { logits } = model.forward(ids.map((row) => row.slice(a, b)), { cache });
      const got = logits.arraySync();
      for (let bi = 0; bi < 2; bi++) for (let t = 0; t < b - a; t++) for (let v = 0; v < 9; v++) {
        expect(Math.abs(got[bi]![t]![v]! - fullData[bi]![a + t]![v]!)).toBeLessThan(1e-4);
      }
      logits.dispose();
    }
    expect(cache.length).toBe(8);
    expect(cache.layers[0]!.k.shape).toEqual([2, 4, 8, 4]);
    disposeCache(cache);
    expect(tf.memory().numTensors).toBeLessThanOrEqual(before);
    full.dispose();
    model.dispose();
  });

  it('selectCacheRows reorders and repeats rows: decoding on continues as the full pass of those rows', () => {
    const model = new Transformer({ vocabSize: 9, dModel: 16, numHeads: 4, numLayers: 2, seed: 3 });
    const prompts = [[3, 1, 4], [2, 7, 1], [5, 5, 0]];
    const cache = model.newCache();
    model.forward(prompts, { cache }).logits.dispose();
    const rows = [2, 0, 2, 1];
    selectCacheRows(cache, rows);
    expect(cache.layers[1]!.k.shape).toEqual([4, 4, 3, 4]);
    const next = [[6], [8], [1], [4]];
    const { logits } = model.forward(next, { cache });
    const got = logits.arraySync();
    const full = model.forward(rows.map((r, i) => [...prompts[r]!, next[i]![0]!])).logits;
    const want = full.arraySync();
    for (let b = 0; b < rows.length; b++) for (let v = 0; v < 9; v++) expect(Math.abs(got[b]![0]![v]! - want[b]![3]![v]!)).toBeLessThan(1e-4);
    logits.dispose();
    full.dispose();
    disposeCache(cache);
    model.dispose();
  });
});

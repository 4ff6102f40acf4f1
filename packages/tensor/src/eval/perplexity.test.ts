import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Transformer } from '../model/transformer.js';
import { perplexity, perplexityWindows, sequencePerplexity } from './perplexity.js';

beforeAll(async () => {
  await initBackend();
});

describe('perplexityWindows', () => {
  it('scores every target exactly once and never exceeds seqLen', () => {
    for (const [n, seqLen, stride] of [[2, 4, 4], [10, 4, 4], [17, 4, 2], [33, 8, 3], [9, 8, 8], [100, 7, 1]] as const) {
      const seen = new Array<number>(n).fill(0);
      for (const w of perplexityWindows(n, seqLen, stride)) {
        expect(w.length).toBeLessThanOrEqual(seqLen);
        expect(w.start + w.length).toBeLessThanOrEqual(n - 1);
        for (let j = w.from; j < w.length; j++) seen[w.start + j + 1]! += 1;
      }
      expect(seen.slice(1)).toEqual(new Array(n - 1).fill(1));
    }
  });

  it('uses non-overlapping windows by default', () => {
    expect(perplexityWindows(13, 4, 4)).toEqual([
      { start: 0, length: 4, from: 0 },
      { start: 4, length: 4, from: 0 },
      { start: 8, length: 4, from: 0 },
    ]);
  });
});

describe('perplexity', () => {
  it('equals the vocabulary size for a model that outputs uniform logits', () => {
    const model = new Transformer({ vocabSize: 13, dModel: 8, numHeads: 2, numLayers: 1 });
    for (const v of model.namedVariables().values()) v.assign(tf.zerosLike(v));
    const r = perplexity(model, Array.from({ length: 50 }, (_, i) => i % 13), { seqLen: 8, batchSize: 3 });
    expect(r.tokens).toBe(49);
    expect(r.ppl).toBeCloseTo(13, 4);
    model.dispose();
  });

  it('matches the model loss on one full window', () => {
    const model = new Transformer({ vocabSize: 7, dModel: 8, numHeads: 2, numLayers: 2, seed: 5 });
    const ids = [1, 4, 2, 6, 0, 3, 3, 5, 1];
    const loss = model.loss([ids.slice(0, -1)], [ids.slice(1)]);
    const want = loss.dataSync()[0]!;
    loss.dispose();
    const r = perplexity(model, ids, { seqLen: 8 });
    expect(r.meanNll).toBeCloseTo(want, 5);
    expect(r.ppl).toBeCloseTo(Math.exp(want), 4);
    // Sliding windows with full context for the one window: the same number.
    expect(perplexity(model, ids, { seqLen: 8, stride: 3 }).meanNll).toBeCloseTo(want, 5);
    expect(() => perplexity(model, [1], { seqLen: 8 })).toThrow(/at least 2 tokens/);
    model.dispose();
  });
});

describe('sequencePerplexity', () => {
  it('is exp of the mean next-token NLL, over the weighted positions only', () => {
    const model = new Transformer({ vocabSize: 7, dModel: 8, numHeads: 2, numLayers: 1, seed: 3 });
    const seqs = [
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ];
    // NLL of every target, computed from the logits by hand.
    const logits = model.forward(seqs.map((s) => s.slice(0, -1))).logits;
    const logp = tf.logSoftmax(logits).arraySync() as number[][][];
    logits.dispose();
    const nll = seqs.map((s, b) => s.slice(1).map((t, i) => -logp[b]![i]![t]!));
    const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    expect(sequencePerplexity(model, seqs)).toBeCloseTo(Math.exp(mean(nll.flat())), 4);
    const weights = [
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(sequencePerplexity(model, seqs, weights)).toBeCloseTo(Math.exp((nll[0]![1]! + nll[1]![2]!) / 2), 4);
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, Transformer } from '@lmkit/tensor';
import { windowPerplexity } from './evaluate.js';
import { bca } from '../attention/bca/bca.js';

beforeAll(async () => {
  await initBackend();
});

describe('windowPerplexity', () => {
  it('a model whose logits are all zero has perplexity = vocabulary size at every length', () => {
    const model = new Transformer({ vocabSize: 11, dModel: 8, numHeads: 2, numLayers: 1, seed: 1 });
    const wte = model.variable('wte');
    wte.assign(tf.zerosLike(wte)); // tied head: logits = h · 0ᵀ = 0
    const tokens = Array.from({ length: 200 }, (_, i) => i % 11);
    for (const len of [4, 16, 50]) {
      const r = windowPerplexity(model, tokens, len, { maxTokens: 100 });
      expect(r.ppl).toBeCloseTo(11, 3);
      expect(r.tokens).toBe(Math.floor(100 / len) * len);
    }
    expect(windowPerplexity(model, tokens, 30, { maxTokens: 180, pattern: bca(8) }).ppl).toBeCloseTo(11, 3);
    model.dispose();
  });
  it('is the mean next-token loss over whole non-overlapping windows of the prefix', () => {
    const model = new Transformer({ vocabSize: 7, dModel: 8, numHeads: 2, numLayers: 1, seed: 3 });
    const tokens = Array.from({ length: 60 }, (_, i) => (i * 3 + (i >> 2)) % 7);
    // maxTokens 45 → 5 windows of 8: inputs 0…39, targets 1…40.
    const inputs = Array.from({ length: 5 }, (_, w) => tokens.slice(8 * w, 8 * w + 8));
    const targets = Array.from({ length: 5 }, (_, w) => tokens.slice(8 * w + 1, 8 * w + 9));
    const loss = model.loss(inputs, targets);
    const want = loss.dataSync()[0]!;
    loss.dispose();
    const r = windowPerplexity(model, tokens, 8, { maxTokens: 45, batchSize: 2 });
    expect(r.tokens).toBe(40);
    expect(r.meanNll).toBeCloseTo(want, 5);
    expect(r.ppl).toBeCloseTo(Math.exp(want), 4);
    model.dispose();
  });
  it('rejects a length that does not fit', () => {
    const model = new Transformer({ vocabSize: 5, dModel: 8, numHeads: 2, numLayers: 1 });
    expect(() => windowPerplexity(model, [1, 2, 3], 8, { maxTokens: 100 })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    model.dispose();
  });
});

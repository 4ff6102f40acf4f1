import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { causalPattern, disposeCache, initBackend, learnedPositions, Rng, rope, sinusoidalPositions, Transformer, type PositionEncoding } from '@lmkit/tensor';
import { bca } from '../attention/bca/bca.js';
import { xpos } from './xpos.js';
import { alibi } from './alibi.js';

beforeAll(async () => {
  await initBackend();
});

const cases: [string, () => PositionEncoding][] = [
  ['xpos', () => xpos()],
  ['rope', () => rope()],
  ['alibi', () => alibi()],
  ['sinusoidal', () => sinusoidalPositions()],
  ['learned', () => learnedPositions({ maxLength: 32, dModel: 32, seed: 2 })],
];

/**
 * Feeds `ids` one token at a time through a fresh KV cache and returns the largest absolute
 * difference from `fullRows` (the full forward pass's logits, `[T, vocab]`); also the cache length.
 */
function maxStepDiff(model: Transformer, ids: number[], fullRows: number[][]): { maxDiff: number; cacheLength: number } {
  const cache = model.newCache();
  let maxDiff = 0;
  for (let t = 0; t < ids.length; t++) {
    const step = model.forward([[ids[t]!]], { cache }).logits;
    step.arraySync()[0]![0]!.forEach((v, j) => (maxDiff = Math.max(maxDiff, Math.abs(v - fullRows[t]![j]!))));
    step.dispose();
  }
  const cacheLength = cache.length;
  disposeCache(cache);
  return { maxDiff, cacheLength };
}

describe('KV cache with XPOS and BCA', () => {
  it('token-by-token decoding (block loop) matches the full forward pass (vectorised blocks) past the window', () => {
    const model = new Transformer({ vocabSize: 17, dModel: 32, numHeads: 4, numLayers: 2, seed: 6 }, { position: xpos(), pattern: bca(8) });
    const rng = new Rng(10);
    const T = 21;
    const ids = [Array.from({ length: T }, () => rng.int(17))];
    const full = model.forward(ids).logits;
    const { maxDiff } = maxStepDiff(model, ids[0]!, full.arraySync()[0]!);
    expect(maxDiff).toBeLessThan(1e-4);
    // BCA matters here: full causal attention gives different logits past the window.
    const causal = model.forward(ids, { pattern: causalPattern }).logits;
    const diff = tf.tidy(() => causal.sub(full).abs().max().dataSync()[0]!);
    expect(diff).toBeGreaterThan(1e-6);
    tf.dispose([full, causal]);
    model.dispose();
  });
});

describe.each(cases)('KV cache with %s', (_name, make) => {
  it('token-by-token decoding gives the full forward logits to 1e-4', () => {
    const before = tf.memory().numTensors;
    const model = new Transformer({ vocabSize: 17, dModel: 32, numHeads: 4, numLayers: 2, seed: 5 }, { position: make() });
    const afterBuild = tf.memory().numTensors;
    const rng = new Rng(9);
    const T = 20;
    const ids = [Array.from({ length: T }, () => rng.int(17))];
    const full = model.forward(ids).logits;
    const { maxDiff, cacheLength } = maxStepDiff(model, ids[0]!, full.arraySync()[0]!);
    expect(cacheLength).toBe(T);
    expect(maxDiff).toBeLessThan(1e-4);
    const fullData = full.dataSync().slice();
    tf.dispose(full);
    // No leak: the encoding and model allocate only their parameters, and the forward passes,
    // cache and parameters are all freed.
    expect(afterBuild - before).toBe(model.namedVariables().size);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // The encoding must matter: a model with the same weights and no position encoding differs.
    const plain = new Transformer({ vocabSize: 17, dModel: 32, numHeads: 4, numLayers: 2, seed: 5 });
    const plainLogits = plain.forward(ids).logits;
    const plainData = plainLogits.dataSync();
    let posDiff = 0;
    fullData.forEach((v, i) => (posDiff = Math.max(posDiff, Math.abs(v - plainData[i]!))));
    expect(posDiff).toBeGreaterThan(1e-5);
    plainLogits.dispose();
    plain.dispose();
  });
});

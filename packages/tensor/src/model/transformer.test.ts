import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { disposeCache, Transformer } from './transformer.js';
import { causalPattern } from '../attention/causal.js';
import type { AttentionPattern } from '../attention/types.js';
import { LmkitError } from '../errors.js';
import { Trainer } from '../train/trainer.js';

beforeAll(async () => {
  await initBackend();
});

describe('Transformer', () => {
  it('overfits a 200-character text to loss < 0.05', () => {
    const text = 'the quick brown fox jumps over the lazy dog. '.repeat(5).slice(0, 200);
    const chars = [...new Set(text)].sort();
    const ids = [...text].map((c) => chars.indexOf(c));
    const model = new Transformer({ vocabSize: chars.length, dModel: 32, numHeads: 4, numLayers: 2, seed: 1 });
    const trainer = new Trainer(model, { totalSteps: 150, lr: 1e-2, warmupSteps: 10 });
    const inputs = [ids.slice(0, 199)];
    const targets = [ids.slice(1, 200)];
    let last = Infinity;
    for (let s = 0; s < 150; s++) last = trainer.trainStep({ inputs, targets }).loss;
    expect(last).toBeLessThan(0.05);
    expect(tf.getBackend()).toBe('wasm');
    model.dispose();
    trainer.dispose();
  });

  it('construction allocates exactly one tensor per parameter and dispose frees them all', () => {
    const before = tf.memory().numTensors;
    const model = new Transformer({ vocabSize: 11, dModel: 16, numHeads: 2, numLayers: 2, seed: 4 });
    // Per block: ln1 g/b, wq, wk, wv, wo, bo, ln2 g/b, mlp w1/b1/w2/b2 = 13; plus wte, lnf g/b.
    const expectedParams = 2 * 13 + 3;
    expect(model.namedVariables().size).toBe(expectedParams);
    expect(tf.memory().numTensors - before).toBe(expectedParams);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a forward pass that fails part-way frees what it kept and leaves the KV cache as it was', () => {
    const model = new Transformer({ vocabSize: 11, dModel: 16, numHeads: 2, numLayers: 2, seed: 4 });
    const cache = model.newCache();
    model.forward([[1, 2, 3]], { cache }).logits.dispose();
    const cachedK = Array.from(cache.layers[1]!.k.dataSync());
    let calls = 0;
    const failing: AttentionPattern = {
      name: 'fails-in-layer-1',
      attend(inputs) {
        if (++calls === 2) throw new LmkitError('LMKIT_BAD_ARGUMENT', 'boom');
        return causalPattern.attend(inputs);
      },
    };
    const before = tf.memory().numTensors;
    expect(() => model.forward([[4]], { cache, pattern: failing, collect: true })).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    expect(cache.length).toBe(3);
    expect(Array.from(cache.layers[1]!.k.dataSync())).toEqual(cachedK);
    disposeCache(cache);
    model.dispose();
  });
});

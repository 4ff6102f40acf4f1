import * as tf from '@tensorflow/tfjs';
import { initBackend, learnedPositions, Transformer } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { greedyDecodeBatch } from './greedy-batch.js';

beforeAll(async () => {
  await initBackend();
});

/** Greedy decoding the slow way: the whole sequence through the model at every step, no cache. */
function naive(model: Transformer, prompt: number[], eos: number, maxLen: number): number[] {
  const seq = [...prompt];
  const out: number[] = [];
  while (seq.length < maxLen) {
    const { logits } = model.forward([seq]);
    const id = tf.tidy(() => logits.slice([0, seq.length - 1, 0], [1, 1, -1]).argMax(-1).dataSync()[0]!);
    logits.dispose();
    if (id === eos) break;
    out.push(id);
    seq.push(id);
  }
  return out;
}

describe('greedyDecodeBatch', () => {
  it('decodes many prompts of mixed lengths exactly like one-at-a-time greedy decoding without a cache', () => {
    const V = 12;
    const maxLen = 20;
    const model = new Transformer({ vocabSize: V, dModel: 16, numHeads: 2, numLayers: 2, seed: 4 }, { position: learnedPositions({ maxLength: maxLen, dModel: 16, seed: 4 }) });
    // Make token 11 (eos) likely after a few steps for some rows: scale its embedding up.
    const wte = model.variable('wte');
    wte.assign(tf.tidy(() => wte.add(tf.oneHot([11], V).reshape([V, 1]).mul(0.5))));
    const eos = 11;
    const prompts = [[1, 2, 3], [4, 5, 6], [7, 8], [1, 2, 3], [9, 9, 9, 9], [2, 2], Array.from({ length: 20 }, () => 1), []];
    const before = tf.memory().numTensors;
    const got = greedyDecodeBatch(model, prompts, { eos, maxLen }, { groupSize: 3 });
    expect(tf.memory().numTensors).toBe(before); // caches freed
    prompts.forEach((p, i) => {
      if (p.length === 0 || p.length >= maxLen) {
        expect(got[i]).toEqual({ ids: [], stop: 'prompt-too-long' });
        return;
      }
      const want = naive(model, p, eos, maxLen);
      expect(got[i]!.ids, `prompt ${i}`).toEqual(want);
      expect(got[i]!.stop).toBe(p.length + want.length >= maxLen ? 'max-len' : 'eos');
    });
    // a per-prompt cap cuts each continuation to a prefix of the uncapped one
    const cap = (i: number): number => 1 + (i % 3);
    const capped = greedyDecodeBatch(model, prompts, { eos, maxLen }, { maxNew: prompts.map((_, i) => cap(i)) });
    capped.forEach((c, i) => {
      if (got[i]!.stop === 'prompt-too-long') return;
      expect(c.ids).toEqual(got[i]!.ids.slice(0, cap(i)));
      expect(c.stop).toBe(got[i]!.stop === 'eos' && got[i]!.ids.length < cap(i) ? 'eos' : 'max-len');
    });
    const done: number[] = [];
    greedyDecodeBatch(model, prompts, { eos, maxLen }, { onDone: (n) => done.push(n) });
    expect(done).toEqual(prompts.map((_, i) => i + 1));
    model.dispose();
  });
});

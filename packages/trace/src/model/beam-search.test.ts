import * as tf from '@tensorflow/tfjs';
import { initBackend, learnedPositions, Transformer } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { beamDecode } from './beam-search.js';
import { greedyDecodeBatch } from './greedy-batch.js';

beforeAll(async () => {
  await initBackend();
});

const tiny = (V: number, maxLen: number, seed: number): Transformer =>
  new Transformer({ vocabSize: V, dModel: 16, numHeads: 2, numLayers: 2, seed }, { position: learnedPositions({ maxLength: maxLen, dModel: 16, seed }) });

/** Summed log-probability of `out` (then `<eos>` when `withEos`) after `prompt`, from one full pass without a cache. */
function sequenceLogProb(model: Transformer, prompt: number[], out: number[], eos: number, withEos: boolean): number {
  const seq = [...prompt, ...out];
  const { logits } = model.forward([seq]);
  const lp = tf.tidy(() => tf.logSoftmax(logits.squeeze([0])).arraySync() as number[][]);
  logits.dispose();
  const targets = withEos ? [...out, eos] : out;
  return targets.reduce((sum, id, i) => sum + lp[prompt.length - 1 + i]![id]!, 0);
}

describe('beamDecode', () => {
  it('width 1 is greedy decoding', () => {
    const V = 10;
    const model = tiny(V, 16, 5);
    const prompts = [[1, 2, 3], [4, 4], [8, 1, 2, 5, 6]];
    const greedy = greedyDecodeBatch(model, prompts, { eos: 9, maxLen: 16 });
    prompts.forEach((p, i) => {
      const b = beamDecode(model, p, { eos: 9, maxLen: 16 }, { width: 1 });
      expect(b.ids).toEqual(greedy[i]!.ids);
      expect(b.stop).toBe(greedy[i]!.stop);
    });
    model.dispose();
  });

  it('a beam wide enough for every hypothesis finds the best length-normalised one, as exhaustive search does', () => {
    const V = 4;
    const eos = 3;
    const maxNew = 3;
    const prompt = [0, 2, 1];
    for (const seed of [1, 2, 3]) {
      const model = tiny(V, 8, seed);
      // Exhaustive: every sequence of up to maxNew non-eos tokens, ended by eos or by the cap.
      let best = { ids: [] as number[], score: -Infinity, logProb: 0 };
      const visit = (ids: number[]): void => {
        const stopped = sequenceLogProb(model, prompt, ids, eos, true);
        if (ids.length < maxNew && stopped / (ids.length + 1) > best.score) best = { ids, score: stopped / (ids.length + 1), logProb: stopped };
        if (ids.length === maxNew) {
          const capped = sequenceLogProb(model, prompt, ids, eos, false);
          if (capped / ids.length > best.score) best = { ids, score: capped / ids.length, logProb: capped };
          return;
        }
        for (let id = 0; id < V; id++) if (id !== eos) visit([...ids, id]);
      };
      visit([]);
      const before = tf.memory().numTensors;
      const got = beamDecode(model, prompt, { eos, maxLen: 8 }, { width: 64, maxNew });
      expect(tf.memory().numTensors).toBe(before);
      expect(got.ids, `seed ${seed}`).toEqual(best.ids);
      expect(got.logProb).toBeCloseTo(best.logProb, 4);
      model.dispose();
    }
  });

  it("reports its hypothesis's own log-probability (the reordered cache decodes like a full pass)", () => {
    const V = 12;
    const eos = 11;
    const model = tiny(V, 20, 7);
    for (const prompt of [[1, 2, 3], [5, 6]]) {
      const got = beamDecode(model, prompt, { eos, maxLen: 20 }, { width: 3, maxNew: 6 });
      expect(got.logProb).toBeCloseTo(sequenceLogProb(model, prompt, got.ids, eos, got.stop === 'eos'), 4);
      expect(got.ids.length).toBeLessThanOrEqual(6);
      expect(got.stop === 'max-len').toBe(got.ids.length === 6);
    }
    expect(beamDecode(model, [], { eos, maxLen: 20 }, { width: 3 })).toEqual({ ids: [], stop: 'prompt-too-long', logProb: 0 });
    model.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, MASKED_SCORE, Transformer } from '@lmkit/tensor';
import { attentionResolution, meanResolution, scoresByDistance } from './resolution.js';
import { modelAttentionResolution } from './model-resolution.js';

beforeAll(async () => {
  await initBackend();
});

describe('attentionResolution (hand-computed)', () => {
  it('single key: 1 with the zero convention, 0 when the last term is dropped', () => {
    expect(attentionResolution([0.3])).toBeCloseTo(1, 12);
    expect(attentionResolution([0.3], { lastTerm: 'drop' })).toBeCloseTo(0, 12);
  });
  it('s = [ln 3, 0]: e = [3, 1], Z = 4 → (3·2 + 1·1)/16 = 7/16; drop → 6/16', () => {
    expect(attentionResolution([Math.log(3), 0])).toBeCloseTo(7 / 16, 12);
    expect(attentionResolution([Math.log(3), 0], { lastTerm: 'drop' })).toBeCloseTo(6 / 16, 12);
  });
  it('increasing scores are penalised: s = [0, ln 2] → (1·(−1) + 2·2)/9 = 3/9; drop → −1/9', () => {
    expect(attentionResolution([0, Math.log(2)])).toBeCloseTo(3 / 9, 12);
    expect(attentionResolution([0, Math.log(2)], { lastTerm: 'drop' })).toBeCloseTo(-1 / 9, 12);
  });
  it('uniform over K keys: 1/K² (zero convention), 0 (drop)', () => {
    expect(attentionResolution([2, 2, 2, 2, 2])).toBeCloseTo(1 / 25, 12);
    expect(attentionResolution([2, 2, 2, 2, 2], { lastTerm: 'drop' })).toBeCloseTo(0, 12);
  });
  it('is invariant to a constant shift, ignores masked scores, stays finite for large scores', () => {
    const s = [1.5, 0.2, -0.7];
    expect(attentionResolution(s.map((x) => x + 500))).toBeCloseTo(attentionResolution(s), 12);
    // A masked trailing key has e^s = 0: the same as the zero convention on the unmasked part.
    expect(attentionResolution([Math.log(3), 0, MASKED_SCORE])).toBeCloseTo(7 / 16, 12);
    expect(attentionResolution([Math.log(3), 0, MASKED_SCORE], { lastTerm: 'drop' })).toBeCloseTo(7 / 16, 12);
  });
  it('rejects empty and NaN input', () => {
    expect(() => attentionResolution([])).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    expect(() => attentionResolution([NaN])).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
  });
});

describe('scoresByDistance / meanResolution', () => {
  it('re-indexes a key row by distance from the query', () => {
    expect(Array.from(scoresByDistance([10, 11, 12, 13, 99], 13, 10))).toEqual([13, 12, 11, 10]);
  });
  it('averages over queries ≥ 1 of a causal [1,1,3,3] score block', () => {
    const M = MASKED_SCORE;
    const scores = [5, M, M, Math.log(3), 0, M, 0, Math.log(2), 0];
    // q1: distances [0 → 0, 1 → ln3] → e = [1, 3]: (1·(1−3) + 3·3)/16 = 7/16.
    // q2: distances [0, ln2, 0] → e = [1, 2, 1]: (1·(−1) + 2·1 + 1·1)/16 = 2/16.
    expect(meanResolution(scores, [1, 1, 3, 3], 0, 0)).toBeCloseTo((7 / 16 + 2 / 16) / 2, 12);
  });
});

describe('modelAttentionResolution', () => {
  it('a model with zero query weights attends uniformly: mean over n of 1/(n+1)²', () => {
    const model = new Transformer({ vocabSize: 11, dModel: 16, numHeads: 2, numLayers: 2, seed: 1 });
    for (const l of [0, 1]) {
      const wq = model.variable(`blocks.${l}.attn.wq`);
      wq.assign(tf.zerosLike(wq));
    }
    const T = 9;
    const res = modelAttentionResolution(model, [[1, 2, 3, 4, 5, 6, 7, 8, 9], [9, 8, 7, 6, 5, 4, 3, 2, 1]]);
    let expected = 0;
    for (let n = 1; n < T; n++) expected += 1 / (n + 1) ** 2;
    expected /= T - 1;
    expect(res.perLayer).toHaveLength(2);
    for (const r of res.perLayer) expect(r).toBeCloseTo(expected, 5);
    model.dispose();
  });
});

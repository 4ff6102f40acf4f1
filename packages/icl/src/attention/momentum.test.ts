import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { causalPattern, initBackend, Transformer } from '@lmkit/tensor';
import { momentumAttention } from './momentum.js';

beforeAll(async () => {
  await initBackend();
});

// q = k = 0 makes causal attention a plain running mean of the values, so the case is hand-computable.
function inputs(values: number[], qStart = 0, qLen = values.length) {
  const t = values.length;
  return {
    q: tf.zeros([1, 1, qLen, 1]) as tf.Tensor4D,
    k: tf.zeros([1, 1, t, 1]) as tf.Tensor4D,
    v: tf.tensor4d(values, [1, 1, t, 1]),
    qStart,
    kStart: 0,
    wantScores: true,
  };
}

describe('momentumAttention', () => {
  it('adds Σ_{i<t} η^(t−i) v_i to the causal output (hand-computed)', () => {
    // v = (1, 2, 4), η = 0.5. Causal means: 1, 1.5, 7/3. Momentum: 0, 0.5·1, 0.5·2 + 0.25·1 = 1.25.
    const r = momentumAttention({ eta: 0.5 }).attend(inputs([1, 2, 4]));
    const out = Array.from(r.out.dataSync());
    expect(out[0]).toBeCloseTo(1, 6);
    expect(out[1]).toBeCloseTo(2, 6);
    expect(out[2]).toBeCloseTo(7 / 3 + 1.25, 6);
    const base = causalPattern.attend(inputs([1, 2, 4]));
    expect(Array.from(r.scores!.dataSync())).toEqual(Array.from(base.scores!.dataSync()));
  });

  it('uses absolute positions (a cached last query gives the last row)', () => {
    const r = momentumAttention({ eta: 0.5 }).attend(inputs([1, 2, 4], 2, 1));
    expect(r.out.dataSync()[0]).toBeCloseTo(7 / 3 + 1.25, 6);
  });

  it('η = 0 is the base pattern', () => {
    const a = momentumAttention({ eta: 0 }).attend(inputs([3, -1, 2, 5]));
    const b = causalPattern.attend(inputs([3, -1, 2, 5]));
    expect(Array.from(a.out.dataSync())).toEqual(Array.from(b.out.dataSync()));
  });

  it('is differentiable: d Σ out / d v matches the hand-computed gradient', () => {
    const pattern = momentumAttention({ eta: 0.5 });
    const g = tf.grad((v: tf.Tensor) => {
      const i = inputs([0, 0, 0]);
      return pattern.attend({ ...i, v: v as tf.Tensor4D }).out.sum();
    })(tf.tensor4d([1, 2, 4], [1, 1, 3, 1]));
    const got = Array.from(g.dataSync());
    // Causal means give v0: 1 + 1/2 + 1/3, v1: 1/2 + 1/3, v2: 1/3; momentum adds v0: 0.5 + 0.25, v1: 0.5.
    const want = [1 + 1 / 2 + 1 / 3 + 0.75, 1 / 2 + 1 / 3 + 0.5, 1 / 3];
    got.forEach((x, i) => expect(x).toBeCloseTo(want[i]!, 5));
  });

  it('trains inside a Transformer without leaking tensors', () => {
    const model = new Transformer({ vocabSize: 7, dModel: 8, numHeads: 2, numLayers: 1, seed: 3 }, { pattern: momentumAttention({ eta: 0.3 }) });
    const ids = [[1, 2, 3, 4, 5]];
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => model.loss(ids, [[2, 3, 4, 5, 6]]));
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    expect(Object.keys(grads).length).toBeGreaterThan(0);
    value.dispose();
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('rejects η outside [0, 1)', () => {
    for (const eta of [-0.1, 1, 2, Number.NaN]) {
      expect(() => momentumAttention({ eta })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    }
  });
});

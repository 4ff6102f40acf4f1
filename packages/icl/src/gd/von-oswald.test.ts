import { describe, expect, it } from 'vitest';
import { Rng } from '@lmkit/tensor';
import { matVec, maxAbsDiff, randomMatrix, row } from '../linalg/matrix.js';
import { gdStepLinearRegression, linearSelfAttention, regressionTokens, vonOswaldWeights } from './von-oswald.js';
import { trainLsaOnRegression } from './lsa-train.js';

describe('linear self-attention = one GD step (von Oswald et al.)', () => {
  it('the constructed layer reproduces an explicit GD step to 1e-10 on random problems', () => {
    const rng = new Rng(5);
    const g = (): number => rng.normal();
    for (let trial = 0; trial < 50; trial++) {
      const dx = 1 + rng.int(6);
      const dy = 1 + rng.int(3);
      const n = 1 + rng.int(20);
      const lr = 0.01 + rng.next() * 2;
      const w0 = randomMatrix(dy, dx, g);
      const xs = randomMatrix(n, dx, g);
      const ys = randomMatrix(n, dy, g);
      const xq = Float64Array.from({ length: dx }, g);
      const w1 = gdStepLinearRegression({ w0, xs, ys, lr });
      const out = linearSelfAttention(regressionTokens(xs, ys, xq, w0), vonOswaldWeights({ dx, dy, w0, lr, n }), n);
      // Query: y-slot holds −W₁ x_q; x-slot unchanged.
      const q = row(out, n);
      const pred = Array.from(q.subarray(dx), (v) => -v);
      expect(maxAbsDiff(pred, matVec(w1, xq))).toBeLessThan(1e-10);
      expect(maxAbsDiff(q.subarray(0, dx), xq)).toBe(0);
      // Context tokens: y-slot becomes yⱼ − ΔW xⱼ with ΔW = W₁ − W₀.
      for (let j = 0; j < n; j++) {
        const xj = row(xs, j);
        const dW = matVec(w1, xj).map((v, c) => v - matVec(w0, xj)[c]!);
        const expected = Array.from(row(ys, j), (y, c) => y - dW[c]!);
        expect(maxAbsDiff(row(out, j).subarray(dx), expected)).toBeLessThan(1e-10);
      }
    }
  });

  it('GD step matches a hand-computed case', () => {
    // W₀ = 0, x = (1, 2), y = 3, η = 0.5, N = 1: W₁ = 0.5·3·(1, 2) = (1.5, 3).
    const w1 = gdStepLinearRegression({ w0: [[0, 0]], xs: [[1, 2]], ys: [[3]], lr: 0.5 });
    expect(Array.from(w1.data)).toEqual([1.5, 3]);
  });

  it('rejects bad inputs with typed errors', () => {
    expect(() => gdStepLinearRegression({ w0: [[0]], xs: [[1]], ys: [[1]], lr: -0.1 })).toThrow(
      expect.objectContaining({ code: 'LMKIT_ICL_BAD_LEARNING_RATE' }),
    );
    expect(() => gdStepLinearRegression({ w0: [[0]], xs: [], ys: [], lr: 1 })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }));
    expect(() => gdStepLinearRegression({ w0: [[0]], xs: [[1, 1]], ys: [[1]], lr: 1 })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    expect(() => vonOswaldWeights({ dx: 2, dy: 1, lr: 0, n: 3 })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_BAD_LEARNING_RATE' }));
    expect(() => vonOswaldWeights({ dx: 2, dy: 1, lr: 1, n: 0 })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }));
  });

  it('an LSA trained from scratch matches GD at the best step size (prediction and weights)', () => {
    const r = trainLsaOnRegression({ seed: 1 });
    // Training worked: far better than predicting 0, and the loss went down.
    expect(r.lsaLoss).toBeLessThan(0.6 * r.zeroLoss);
    expect(r.lossCurve.at(-1)!).toBeLessThan(r.lossCurve[0]!);
    // One GD step is the best this family can do up to small extra terms: losses within 5%.
    expect(Math.abs(r.lsaLoss - r.gdLoss) / r.gdLoss).toBeLessThan(0.05);
    expect(r.predictionGap).toBeLessThan(0.05);
    expect(r.weightCosine).toBeGreaterThan(0.95);
    expect(r.sensitivityCosine).toBeGreaterThan(0.95);
    expect(r.gdLr).toBeGreaterThan(0);
  });
});

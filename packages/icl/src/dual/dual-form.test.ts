import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, Rng } from '@lmkit/tensor';
import { matVec, randomMatrix, toMatrix, maxAbsDiff, type Matrix } from '../linalg/matrix.js';
import { dualForm, gdLinearUpdate } from './dual-form.js';
import { dualFormTf } from './dual-form-tf.js';

beforeAll(async () => {
  await initBackend();
});

interface Case {
  wK: Matrix;
  wV: Matrix;
  wQ: Matrix;
  demos: Matrix;
  context: Matrix;
  query: Float64Array;
}

function randomCase(rng: Rng): Case {
  const d = 1 + rng.int(12);
  const dk = 1 + rng.int(10);
  const dv = 1 + rng.int(10);
  const n = 1 + rng.int(15);
  const nCtx = rng.int(6);
  const g = (): number => rng.normal();
  const s = 1 / Math.sqrt(d);
  return {
    wK: randomMatrix(dk, d, g, s),
    wV: randomMatrix(dv, d, g, s),
    wQ: randomMatrix(dk, d, g, s),
    demos: randomMatrix(n, d, g),
    context: randomMatrix(nCtx, d, g),
    query: Float64Array.from({ length: d }, g),
  };
}

describe('dualForm (float64)', () => {
  it('attention form equals (W_ZSL + ΔW_ICL)·q to 1e-12 on 200 random shapes', () => {
    const rng = new Rng(7);
    for (let trial = 0; trial < 200; trial++) {
      const c = randomCase(rng);
      const r = dualForm(c);
      const scale = Math.max(1, ...Array.from(r.attention, Math.abs));
      expect(r.maxAbsDiff / scale).toBeLessThan(1e-12);
      expect(maxAbsDiff(r.attention, r.dual)).toBe(r.maxAbsDiff);
    }
  });

  it('matches a hand-computed 1-d case', () => {
    // d = dk = dv = 1: W_K = 2, W_V = 3, demos 1 and −2, context 0.5, query q = 4.
    // ΔW = 3·1·2·1 + 3·(−2)·2·(−2) = 6 + 24 = 30; W_ZSL = 3·0.5·2·0.5 = 1.5; output = 31.5·4 = 126.
    const r = dualForm({ wK: [[2]], wV: [[3]], demos: [[1], [-2]], context: [[0.5]], query: [4] });
    expect(r.deltaW.data[0]).toBe(30);
    expect(r.wZsl.data[0]).toBe(1.5);
    expect(r.attention[0]).toBe(126);
    expect(r.dual[0]).toBe(126);
    expect(r.zeroShot[0]).toBe(6);
  });

  it('ΔW_ICL is (W_V x′) ⊗ (W_K x′) summed, not the transposed or K/V-swapped product (2-d hand case)', () => {
    // One demo x′ = (1, 2). k = W_K x′ = [[1,0],[1,1]]·x′ = (1, 3); v = W_V x′ = [[1,1]]·x′ = (3).
    // dv = 1, dk = 2, so ΔW = v ⊗ k = [[3, 9]] is 1×2; the transpose or k ⊗ v would be 2×1.
    const r = dualForm({ wK: [[1, 0], [1, 1]], wV: [[1, 1]], demos: [[1, 2]], query: [2, -1] });
    expect(r.deltaW.rows).toBe(1);
    expect(r.deltaW.cols).toBe(2);
    expect(Array.from(r.deltaW.data)).toEqual([3, 9]);
    // Attention form: v (k·q) = 3 · (1·2 + 3·(−1)) = −3.
    expect(Array.from(r.attention)).toEqual([-3]);
    expect(Array.from(r.dual)).toEqual([-3]);
  });

  it('ΔW_ICL is one gradient-descent step of a linear layer (any learning rate)', () => {
    const rng = new Rng(3);
    for (const lr of [0.1, 1, 7.5]) {
      const c = randomCase(rng);
      const r = dualForm({ ...c, lr });
      const w1 = gdLinearUpdate(r.gd);
      const viaGd = matVec(w1, r.q);
      expect(maxAbsDiff(viaGd, r.attention)).toBeLessThan(1e-12 * Math.max(1, ...Array.from(r.attention, Math.abs)));
    }
  });

  it('uses W_Q on a query token when given', () => {
    const rng = new Rng(11);
    const c = randomCase(rng);
    const a = dualForm(c);
    const b = dualForm({ ...c, wQ: undefined, query: matVec(c.wQ, c.query) });
    expect(maxAbsDiff(a.attention, b.attention)).toBe(0);
  });

  it('throws typed errors for bad inputs', () => {
    const ok = { wK: [[1, 0]], wV: [[0, 1]], demos: [[1, 1]], query: [1] };
    expect(() => dualForm({ ...ok, demos: [] })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }));
    expect(() => dualForm({ ...ok, demos: [[1, 2, 3]] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    expect(() => dualForm({ ...ok, wV: [[1, 2, 3]] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    expect(() => dualForm({ ...ok, query: [1, 2] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    expect(() => dualForm({ ...ok, context: [[1]] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    expect(() => dualForm({ ...ok, wK: [[1, 0], [1]] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
    for (const lr of [0, -1, Number.NaN]) {
      expect(() => dualForm({ ...ok, lr })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_BAD_LEARNING_RATE' }));
    }
    expect(() => gdLinearUpdate({ w0: [[0]], inputs: [[1]], errors: [[1]], lr: 0 })).toThrow(
      expect.objectContaining({ code: 'LMKIT_ICL_BAD_LEARNING_RATE' }),
    );
    expect(() => gdLinearUpdate({ w0: [[0]], inputs: [], errors: [], lr: 1 })).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }));
    expect(() => gdLinearUpdate({ w0: [[0]], inputs: [[1, 2]], errors: [[1]], lr: 1 })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_SHAPE' }));
  });
});

describe('dualFormTf (float32)', () => {
  it('both sides agree to 1e-4 and match the float64 result to 1e-4 on random shapes', () => {
    const rng = new Rng(19);
    for (let trial = 0; trial < 30; trial++) {
      const c = randomCase(rng);
      const exact = dualForm(c);
      const r = dualFormTf(c);
      expect(r.maxAbsDiff).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.attention, exact.attention)).toBeLessThan(1e-4);
      expect(maxAbsDiff(r.dual, exact.dual)).toBeLessThan(1e-4);
    }
  });

  it('validates like the float64 version', () => {
    expect(() => dualFormTf({ wK: toMatrix([[1]]), wV: [[1]], demos: [], query: [1] })).toThrow(
      expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }),
    );
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Transformer } from '../model/transformer.js';
import { Rng } from '../random/rng.js';
import { causalPattern } from './causal.js';

beforeAll(async () => {
  await initBackend();
});

/**
 * Reference causal attention in float64 plain JS: out[h,i,:] = Σ_j softmax_j(q_i·k_j/√d + bias[h,i,j]) v_j, j ≤ i.
 * Returns Σ out·r, a scalar whose gradient covers every output.
 */
function reference(q: number[], k: number[], v: number[], r: number[], bias: number[], H: number, T: number, d: number): number {
  let total = 0;
  for (let h = 0; h < H; h++) {
    for (let i = 0; i < T; i++) {
      const s: number[] = [];
      for (let j = 0; j <= i; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += q[(h * T + i) * d + c]! * k[(h * T + j) * d + c]!;
        s.push(dot / Math.sqrt(d) + bias[(h * T + i) * T + j]!);
      }
      const m = Math.max(...s);
      const e = s.map((x) => Math.exp(x - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < d; c++) {
        let o = 0;
        for (let j = 0; j <= i; j++) o += (e[j]! / z) * v[(h * T + j) * d + c]!;
        total += o * r[(h * T + i) * d + c]!;
      }
    }
  }
  return total;
}

describe('attention gradients', () => {
  it('match float64 central differences of an independent implementation', () => {
    // Tiny case: B=1, H=2, T=4, dh=3, with an ALiBi-like score bias.
    const H = 2, T = 4, d = 3;
    const rng = new Rng(11);
    const n = H * T * d;
    const q = Array.from(rng.normalArray(n)), k = Array.from(rng.normalArray(n)), v = Array.from(rng.normalArray(n));
    const r = Array.from(rng.normalArray(n));
    const bias = Array.from({ length: H * T * T }, (_, idx) => -0.3 * (((idx / T) | 0) % T - (idx % T)) * (1 + Math.floor(idx / (T * T))));
    const biasT = tf.tensor3d(bias, [H, T, T]);
    const f = (qq: tf.Tensor, kk: tf.Tensor, vv: tf.Tensor) =>
      causalPattern
        .attend({
          q: qq as tf.Tensor4D, k: kk as tf.Tensor4D, v: vv as tf.Tensor4D, qStart: 0, kStart: 0,
          bias: (qs, ql, ks, kl) => biasT.slice([0, qs, ks], [H, ql, kl]) as tf.Tensor3D,
        })
        .out.mul(tf.tensor(r, [1, H, T, d])).sum();
    const shape = [1, H, T, d];
    const grads = tf.grads(f)([tf.tensor(q, shape), tf.tensor(k, shape), tf.tensor(v, shape)]);
    const analytic = grads.map((g) => Array.from(g.dataSync()));
    // The forward value itself agrees with the float64 reference.
    const value = tf.tidy(() => f(tf.tensor(q, shape), tf.tensor(k, shape), tf.tensor(v, shape)).dataSync()[0]!);
    expect(value).toBeCloseTo(reference(q, k, v, r, bias, H, T, d), 4);
    // Central differences in float64 (eps = 1e-5: truncation ~eps² and round-off ~1e-16/eps, both ≪ 1e-6).
    const eps = 1e-5;
    const inputs = [q, k, v];
    let worst = 0;
    let scale = 0;
    inputs.forEach((x, which) => {
      for (let i = 0; i < x.length; i++) {
        const plus = inputs.map((y, w) => (w === which ? y.map((val, j) => (j === i ? val + eps : val)) : y));
        const minus = inputs.map((y, w) => (w === which ? y.map((val, j) => (j === i ? val - eps : val)) : y));
        const num = (reference(plus[0]!, plus[1]!, plus[2]!, r, bias, H, T, d) - reference(minus[0]!, minus[1]!, minus[2]!, r, bias, H, T, d)) / (2 * eps);
        worst = Math.max(worst, Math.abs(num - analytic[which]![i]!));
        scale = Math.max(scale, Math.abs(num));
      }
    });
    // tfjs computes in float32 (unit round-off 6e-8); through a few matMuls/softmax of width ≤ 4
    // the accumulated error stays ~1e-6 of the largest gradient. 1e-4 relative leaves margin while
    // any real bug (a wrong scale, transpose or mask) gives errors of order 1.
    expect(scale).toBeGreaterThan(0.1);
    expect(worst / scale).toBeLessThan(1e-4);
    tf.dispose([...grads, biasT]);
  });

  it('through the whole model: directional derivative over the attention weights matches central differences', () => {
    const model = new Transformer({ vocabSize: 6, dModel: 8, numHeads: 2, numLayers: 1, seed: 2 });
    const inputs = [[1, 3, 0, 5, 2, 2, 4]];
    const targets = [[3, 0, 5, 2, 4, 1, 0]];
    const rng = new Rng(5);
    const names = ['wq', 'wk', 'wv', 'wo'].map((n) => `blocks.0.attn.${n}`);
    const vars = names.map((n) => model.variable(n));
    // Larger q/k weights than at initialisation so the attention is far from uniform.
    for (const w of vars) w.assign(tf.tidy(() => tf.tensor(rng.normalArray(w.size, 0.5), w.shape)));
    const dirs = vars.map((w) => tf.tensor(rng.normalArray(w.size, 0.05), w.shape));
    const { grads } = tf.variableGrads(() => model.loss(inputs, targets), vars);
    const analytic = tf.tidy(() => tf.addN(vars.map((w, i) => grads[w.name]!.mul(dirs[i]!).sum())).dataSync()[0]!);
    const original = vars.map((w) => w.clone());
    const lossAt = (t: number): number => {
      vars.forEach((w, i) => w.assign(tf.tidy(() => original[i]!.add(dirs[i]!.mul(t)))));
      const l = model.loss(inputs, targets);
      const out = l.dataSync()[0]!;
      l.dispose();
      return out;
    };
    // float32: the loss (about log 6 = 1.8) carries round-off ~2e-7; divided by 2*eps = 0.2 that is ~1e-6.
    // Truncation is O(eps^2 * third derivative) along a direction of size 0.05 per weight: far below 1%.
    // 1% of |grad . d| covers both, yet a wrong attention gradient (scale, transpose, mask) misses by far more.
    const eps = 0.1;
    const numeric = (lossAt(eps) - lossAt(-eps)) / (2 * eps);
    lossAt(0);
    expect(Math.abs(analytic)).toBeGreaterThan(1e-3);
    expect(Math.abs(numeric - analytic)).toBeLessThan(0.01 * Math.abs(analytic));
    tf.dispose([...dirs, ...original, ...Object.values(grads)]);
    model.dispose();
  });
});

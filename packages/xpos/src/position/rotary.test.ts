import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, rope, Rng } from '@lmkit/tensor';
import { xpos } from './xpos.js';
import { dotF64, ropeF64, xposF64 } from './reference.js';
import { XPOS_ERROR_CODES } from '../errors.js';

beforeAll(async () => {
  await initBackend();
});

const D = 16;

/** Scores q_n·k_m for one query vector and one key vector placed at every position of a range. */
function scoresAt(
  enc: ReturnType<typeof rope>,
  qv: Float32Array,
  kv: Float32Array,
  qStart: number,
  tq: number,
  kStart: number,
  tk: number,
): number[][] {
  return tf.tidy(() => {
    const q = tf.tensor1d(qv).reshape([1, 1, 1, D]).tile([1, 1, tq, 1]) as tf.Tensor4D;
    const k = tf.tensor1d(kv).reshape([1, 1, 1, D]).tile([1, 1, tk, 1]) as tf.Tensor4D;
    const [qr, kr] = enc.rotate!(q, k, qStart, kStart);
    return (tf.matMul(qr, kr, false, true).reshape([tq, tk]).arraySync() as number[][]);
  });
}

function closedFormXpos(q: ArrayLike<number>, k: ArrayLike<number>, delta: number): number {
  // q_n·k_m = Σ_i ζ_i^((n−m)/512) [cos((n−m)θ_i)(q0k0 + q1k1) + sin((n−m)θ_i)(q0k1 − q1k0)]
  let s = 0;
  for (let i = 0; i < D / 2; i++) {
    const theta = Math.pow(10000, (-2 * i) / D);
    const zeta = ((2 * i) / D + 0.4) / 1.4;
    const q0 = q[2 * i] as number;
    const q1 = q[2 * i + 1] as number;
    const k0 = k[2 * i] as number;
    const k1 = k[2 * i + 1] as number;
    const a = delta * theta;
    s += Math.pow(zeta, delta / 512) * (Math.cos(a) * (q0 * k0 + q1 * k1) + Math.sin(a) * (q0 * k1 - q1 * k0));
  }
  return s;
}

describe.each([
  ['rope', () => rope()],
  ['xpos', () => xpos()],
])('%s', (name, make) => {
  const rng = new Rng(7);
  const qv = rng.normalArray(D);
  const kv = rng.normalArray(D);

  it('scores depend only on n − m (offsets 0, 1000, 900000)', () => {
    const enc = make();
    const T = 24;
    const base = scoresAt(enc, qv, kv, 0, T, 0, T);
    for (const offset of [1000, 900_000]) {
      const shifted = scoresAt(enc, qv, kv, offset, T, offset, T);
      for (let n = 0; n < T; n++) {
        for (let m = 0; m < T; m++) {
          const ref = base[n]![m]!;
          expect(Math.abs(shifted[n]![m]! - ref)).toBeLessThan(1e-4 * Math.max(1, Math.abs(ref)));
        }
      }
    }
    // Same distance, different (n, m) inside one call.
    expect(base[10]![3]!).toBeCloseTo(base[20]![13]!, 4);
  });

  it('matches the float64 reference per vector', () => {
    const enc = make();
    const out = tf.tidy(() => {
      const q = tf.tensor4d(qv, [1, 1, 1, D]);
      const k = tf.tensor4d(kv, [1, 1, 1, D]);
      const [qr, kr] = enc.rotate!(q, k, 1234, 1200);
      return [Array.from(qr.dataSync()), Array.from(kr.dataSync())];
    });
    // Both calls centre at the query position (1234); the reference takes the same centre.
    const qRef = name === 'rope' ? ropeF64(qv, 1234) : xposF64(qv, 1234, 'q', { centre: 1234 });
    const kRef = name === 'rope' ? ropeF64(kv, 1200) : xposF64(kv, 1200, 'k', { centre: 1234 });
    out[0]!.forEach((v, i) => expect(v).toBeCloseTo(qRef[i]!, 4));
    out[1]!.forEach((v, i) => expect(v).toBeCloseTo(kRef[i]!, 4));
  });

  it('stays finite at 1,000,000 positions', () => {
    const enc = make();
    const T = 64;
    const s = scoresAt(enc, qv, kv, 1_000_000, T, 1_000_000 - T, 2 * T);
    expect(s.flat().every(Number.isFinite)).toBe(true);
  });

  it('rejects odd head dims and negative positions with stable codes', () => {
    const enc = make();
    const odd = tf.zeros([1, 1, 2, 5]) as tf.Tensor4D;
    const ok = tf.zeros([1, 1, 2, 4]) as tf.Tensor4D;
    expect(() => enc.rotate!(odd, odd, 0, 0)).toThrow(expect.objectContaining({ code: XPOS_ERROR_CODES.oddHeadDim }));
    expect(() => enc.rotate!(ok, ok, -1, 0)).toThrow(expect.objectContaining({ code: XPOS_ERROR_CODES.badPosition }));
    tf.dispose([odd, ok]);
  });
});

describe('xpos span of one call', () => {
  it('stays finite when one call covers 65,536 positions (the documented limit is about 72k)', () => {
    const T = 65_536;
    const finite = tf.tidy(() => {
      const x = tf.ones([1, 1, T, 2]) as tf.Tensor4D;
      const [q, k] = xpos().rotate!(x, x, 0, 0);
      return tf.logicalAnd(tf.isFinite(q).all(), tf.isFinite(k).all()).dataSync()[0];
    });
    expect(finite).toBe(1);
  });
});

describe('xpos closed form', () => {
  it('q_n·k_m equals Σ ζ_i^((n−m)/512)·(rotation term), in float64, at offsets 0 and 900000', () => {
    const rng = new Rng(11);
    const qv = rng.normalArray(D);
    const kv = rng.normalArray(D);
    for (const offset of [0, 900_000]) {
      const T = 40;
      const s = scoresAt(xpos(), qv, kv, offset + T, T, offset, 2 * T);
      for (const [n, m] of [[0, 0], [5, 30], [39, 0], [39, 79], [20, 1]] as const) {
        const delta = offset + T + n - (offset + m);
        const ref = closedFormXpos(qv, kv, delta);
        expect(Math.abs(s[n]![m]! - ref)).toBeLessThan(2e-4 * Math.max(1, Math.abs(ref)));
      }
    }
  });

  it('float64 reference score also equals the closed form (independent of the centre)', () => {
    const rng = new Rng(3);
    const qv = rng.normalArray(D);
    const kv = rng.normalArray(D);
    for (const centre of [0, 500, 2000]) {
      const s = dotF64(xposF64(qv, 1500, 'q', { centre }), xposF64(kv, 700, 'k', { centre }));
      expect(s).toBeCloseTo(closedFormXpos(qv, kv, 800), 10);
    }
  });

  it('decays with distance for aligned q = k', () => {
    const v = new Float32Array(D).fill(1);
    const s = scoresAt(xpos(), v, v, 2000, 1, 0, 2001)[0]!;
    // Distance 0 is the last key. Zero-frequency-free check: the envelope ζ^(Δ/512) < 1.
    expect(s[2000]!).toBeCloseTo(D, 3);
    expect(Math.abs(s[0]!)).toBeLessThan(D * 0.5);
    // At distance 2000 the score is bounded by the decay envelope Σ_i 2·ζ_i^(2000/512) (≈ 3.62),
    // which rotation alone does not give: RoPE's score for the same vectors is ≈ 4.58.
    let envelope = 0;
    for (let i = 0; i < D / 2; i++) envelope += 2 * Math.pow(((2 * i) / D + 0.4) / 1.4, 2000 / 512);
    expect(Math.abs(s[0]!)).toBeLessThanOrEqual(envelope + 1e-3);
    const ropeScore = scoresAt(rope(), v, v, 2000, 1, 0, 2001)[0]![0]!;
    expect(Math.abs(ropeScore)).toBeGreaterThan(envelope);
  });
});

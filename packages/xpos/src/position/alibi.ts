import * as tf from '@tensorflow/tfjs';
import type { PositionEncoding } from '@lmkit/tensor';
import { checkStart, ensure } from '../errors.js';

function powerOfTwoSlopes(n: number): number[] {
  const start = Math.pow(2, -8 / n);
  return Array.from({ length: n }, (_, i) => Math.pow(start, i + 1));
}

/** Head slopes of a geometric sequence m_h = first·ratio^h (h = 0 … H−1). */
export interface GeometricSlopes {
  /** Slope of head 0 (> 0). */
  first: number;
  /** Ratio between consecutive heads (in (0, 1] for slopes that shrink). */
  ratio: number;
}

/**
 * ALiBi head slopes (Press et al. 2022): for n a power of two, the geometric sequence
 * 2^(−8/n), 2^(−16/n), …, 2^(−8); otherwise the slopes of the closest smaller power of two p,
 * followed by every other slope of 2p (the published recipe). With `geometric`, first·ratio^h instead.
 */
export function alibiSlopes(numHeads: number, geometric?: GeometricSlopes): number[] {
  ensure(Number.isInteger(numHeads) && numHeads > 0, `alibiSlopes: numHeads must be a positive integer, got ${numHeads}`);
  if (geometric) return Array.from({ length: numHeads }, (_, h) => geometric.first * Math.pow(geometric.ratio, h));
  const p = Math.pow(2, Math.floor(Math.log2(numHeads)));
  if (p === numHeads) return powerOfTwoSlopes(numHeads);
  const extra = powerOfTwoSlopes(2 * p).filter((_, i) => i % 2 === 0).slice(0, numHeads - p);
  return [...powerOfTwoSlopes(p), ...extra];
}

/** ALiBi bias values `[H, Tq, Tk]` as a Float32Array: −slope_h·|n − m| (slopes from {@link alibiSlopes}). */
export function alibiBiasArray(
  numHeads: number,
  qStart: number,
  qLength: number,
  kStart: number,
  kLength: number,
  geometric?: GeometricSlopes,
): Float32Array {
  checkStart(qStart, 'alibi');
  checkStart(kStart, 'alibi');
  const slopes = alibiSlopes(numHeads, geometric);
  const out = new Float32Array(numHeads * qLength * kLength);
  for (let h = 0; h < numHeads; h++) {
    const s = slopes[h] as number;
    for (let i = 0; i < qLength; i++) {
      const row = (h * qLength + i) * kLength;
      for (let j = 0; j < kLength; j++) out[row + j] = -s * Math.abs(qStart + i - (kStart + j));
    }
  }
  return out;
}

/** Options of {@link alibi}. */
export interface AlibiOptions {
  /**
   * Head slopes first·ratio^h instead of the paper's recipe (e.g. `{ first: 1, ratio: 1/4 }`, steeper
   * than the paper's 2^(−8h/H) for few heads). Default: the paper's slopes.
   */
  slopes?: GeometricSlopes;
}

/**
 * ALiBi: no embedding, no rotation; adds −slope_h·(n − m) to the scaled score of query n and
 * key m in head h (|n − m| is used, so future keys are penalised too; causal masks hide them).
 */
export function alibi(options: AlibiOptions = {}): PositionEncoding {
  const g = options.slopes;
  if (g) {
    ensure(Number.isFinite(g.first) && g.first > 0, `alibi: slopes.first must be a positive number, got ${g.first}`);
    ensure(Number.isFinite(g.ratio) && g.ratio > 0, `alibi: slopes.ratio must be a positive number, got ${g.ratio}`);
  }
  return {
    name: 'alibi',
    scoreBias(numHeads: number, qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor3D {
      return tf.tensor3d(alibiBiasArray(numHeads, qStart, qLength, kStart, kLength, g), [numHeads, qLength, kLength]);
    },
    describe: () => (g ? { name: 'alibi', first: g.first, ratio: g.ratio } : { name: 'alibi' }),
  };
}

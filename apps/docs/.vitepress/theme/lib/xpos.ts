/**
 * Score of a query against a key at relative distance Δ for the three relative encodings, with
 * q = k = the all-ones vector, so the curve shows what the encoding alone does to a score.
 * Used by the XPOS demo when @lmkit/xpos does not export its own helpers.
 */
export type Encoding = 'rope' | 'xpos' | 'alibi';

export interface CurveOptions {
  encoding: Encoding;
  /** Head dimension d (even). */
  headDim: number;
  /** Largest relative distance plotted (inclusive). */
  maxDistance: number;
  /** XPOS scale base B (paper: 512). */
  scaleBase?: number;
  /** XPOS γ (paper: 0.4). */
  gamma?: number;
  /** ALiBi slope m (the first head of 8 has 1/2). */
  alibiSlope?: number;
}

export interface CurvePoint {
  distance: number;
  score: number;
}

/** Scaled dot-product score q·k/√d at every distance 0..maxDistance. */
export function scoreCurve(o: CurveOptions): CurvePoint[] {
  const d = o.headDim;
  if (!Number.isInteger(d) || d < 2 || d % 2 !== 0) throw new Error(`head dimension must be an even integer ≥ 2, got ${d}`);
  if (!Number.isInteger(o.maxDistance) || o.maxDistance < 1) throw new Error(`distance range must be an integer ≥ 1, got ${o.maxDistance}`);
  const B = o.scaleBase ?? 512;
  const gamma = o.gamma ?? 0.4;
  const slope = o.alibiSlope ?? 0.5;
  const half = d / 2;
  const points: CurvePoint[] = [];
  for (let dist = 0; dist <= o.maxDistance; dist++) {
    let s = 0;
    if (o.encoding === 'alibi') {
      s = d - slope * dist * Math.sqrt(d);
    } else {
      for (let i = 0; i < half; i++) {
        const theta = Math.pow(10000, (-2 * i) / d);
        // each pair (1, 1)·R(Δθ)(1, 1) = 2 cos(Δθ)
        let pair = 2 * Math.cos(dist * theta);
        if (o.encoding === 'xpos') {
          const zeta = (2 * i / d + gamma) / (1 + gamma);
          pair *= Math.pow(zeta, dist / B);
        }
        s += pair;
      }
    }
    points.push({ distance: dist, score: s / Math.sqrt(d) });
  }
  return points;
}

/**
 * Attention resolution R(s) = Σ_i e^{s_i}(e^{s_i} − e^{s_{i+1}}) / (Σ_i e^{s_i})² of scores indexed by
 * relative distance (0 = the query itself). Convention here: the sum runs over i = 0..N−2 (the last
 * score has no successor), the normaliser over all N scores; scores are shifted by their maximum first,
 * which leaves R unchanged.
 */
export function attentionResolution(scores: readonly number[]): number {
  if (scores.length < 2) throw new Error('attention resolution needs at least two scores');
  const m = Math.max(...scores);
  const e = scores.map((s) => Math.exp(s - m));
  let num = 0;
  let den = 0;
  for (let i = 0; i < e.length; i++) {
    den += e[i]!;
    if (i + 1 < e.length) num += e[i]! * (e[i]! - e[i + 1]!);
  }
  return num / (den * den);
}

import { ensure } from '../errors.js';
import { alibiSlopes } from '../position/alibi.js';
import { rotaryFrequencies, xposParams, xposZeta, type XposOptions } from '../position/frequencies.js';

/** Encodings {@link scoreVsDistance} can plot. */
export type ScoreCurveKind = 'rope' | 'xpos' | 'alibi';

/** Options of {@link scoreVsDistance}. */
export interface ScoreCurveOptions extends XposOptions {
  /** ALiBi only: number of heads (sets the slopes). Default 8. */
  numHeads?: number;
  /** ALiBi only: which head's slope. Default 0 (the steepest). */
  head?: number;
}

/**
 * What each encoding does to an attention score as a function of distance Δ = n − m, in plain
 * float64 (browser-safe, no tensors), for Δ = 0 … maxDistance:
 * - `rope` / `xpos`: q·k for q = k = (1, …, 1)/√d, i.e. (2/d)·Σ_i ζ_i^(Δ/B)·cos(Δθ_i) (ζ = 1 for RoPE);
 *   equals 1 at Δ = 0. XPOS damps RoPE's oscillation with distance.
 * - `alibi`: the additive bias −slope·Δ of one head.
 */
export function scoreVsDistance(kind: ScoreCurveKind, headDim: number, maxDistance: number, options: ScoreCurveOptions = {}): number[] {
  ensure(Number.isInteger(maxDistance) && maxDistance >= 0 && maxDistance <= 1_000_000, `scoreVsDistance: maxDistance must be an integer in 0…1e6, got ${maxDistance}`);
  const out: number[] = new Array(maxDistance + 1);
  if (kind === 'alibi') {
    const slopes = alibiSlopes(options.numHeads ?? 8);
    const slope = slopes[options.head ?? 0];
    ensure(slope !== undefined, `scoreVsDistance: head ${options.head} is out of range for ${slopes.length} heads`);
    for (let d = 0; d <= maxDistance; d++) out[d] = -slope * d;
    return out;
  }
  ensure(kind === 'rope' || kind === 'xpos', `scoreVsDistance: unknown encoding "${String(kind)}": use rope, xpos or alibi`);
  const p = xposParams(options);
  const freqs = rotaryFrequencies(headDim, p.base);
  const logZeta = kind === 'xpos' ? xposZeta(headDim, p.gamma).map(Math.log) : new Float64Array(freqs.length);
  for (let d = 0; d <= maxDistance; d++) {
    let s = 0;
    for (let i = 0; i < freqs.length; i++) s += Math.exp(((logZeta[i] as number) * d) / p.scaleBase) * Math.cos(d * (freqs[i] as number));
    out[d] = (2 * s) / headDim;
  }
  return out;
}

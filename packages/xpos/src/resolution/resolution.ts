import { ensure } from '../errors.js';

/** How the last term of the attention-resolution sum is handled. */
export type LastTermConvention = 'zero' | 'drop';

/** Options of {@link attentionResolution}. */
export interface ResolutionOptions {
  /**
   * The sum runs over i = 0 … N−1 and term i uses e^{s[i+1]}, which does not exist for the last
   * entry. `'zero'` (default) takes e^{s[N]} = 0 (no attention mass beyond the oldest key), so a
   * one-hot score vector has R = 1 wherever its peak is; `'drop'` leaves the last term out.
   */
  lastTerm?: LastTermConvention;
}

/**
 * Attention resolution (arXiv 2212.10554, §2.2) of one query's pre-softmax scores `s`, indexed by
 * relative distance (s[0] = the query's own position, s[1] = one step back, …):
 *
 *   R(s) = Σ_i e^{s[i]} (e^{s[i]} − e^{s[i+1]}) / (Σ_i e^{s[i]})²
 *
 * Unscaled, as printed: R ≤ 1, with equality for a one-hot attention. Computed stably (scores
 * shifted by their maximum, which cancels); masked scores (−1e9) contribute e^s = 0.
 */
export function attentionResolution(s: ArrayLike<number>, options: ResolutionOptions = {}): number {
  const n = s.length;
  ensure(n > 0, 'attentionResolution: the score vector is empty');
  let mx = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = s[i] as number;
    ensure(!Number.isNaN(v), `attentionResolution: score ${i} is NaN`);
    if (v > mx) mx = v;
  }
  ensure(Number.isFinite(mx), 'attentionResolution: no finite score');
  const e = new Float64Array(n + 1);
  let z = 0;
  for (let i = 0; i < n; i++) {
    e[i] = Math.exp((s[i] as number) - mx);
    z += e[i] as number;
  }
  const last = options.lastTerm === 'drop' ? n - 1 : n;
  let num = 0;
  for (let i = 0; i < last; i++) num += (e[i] as number) * ((e[i] as number) - (e[i + 1] as number));
  return num / (z * z);
}

/**
 * The scores of the query at absolute position `queryPos` from one row of scores over keys at
 * `kStart, kStart+1, …`, re-indexed by distance (entry i = key at queryPos − i), back to the
 * oldest key in the row.
 */
export function scoresByDistance(row: ArrayLike<number>, queryPos: number, kStart: number): Float64Array {
  const newest = queryPos - kStart;
  ensure(newest >= 0 && newest < row.length, `scoresByDistance: query ${queryPos} has no own key in a row starting at ${kStart}`);
  const out = new Float64Array(newest + 1);
  for (let i = 0; i <= newest; i++) out[i] = row[newest - i] as number;
  return out;
}

/**
 * Mean attention resolution over a flat score array `[B, H, Tq, Tk]` (row-major), queries at
 * `qStart…`, keys at `kStart…`. Queries whose position is below `minQueryPos` are skipped
 * (default 1: the first query has a single key, where R is trivially 1 or 0).
 */
export function meanResolution(
  scores: ArrayLike<number>,
  shape: readonly [number, number, number, number],
  qStart: number,
  kStart: number,
  options: ResolutionOptions & { minQueryPos?: number } = {},
): number {
  const [b, h, tq, tk] = shape;
  ensure(scores.length === b * h * tq * tk, `meanResolution: ${scores.length} scores for shape [${shape.join(', ')}]`);
  const minQ = options.minQueryPos ?? 1;
  let sum = 0;
  let count = 0;
  for (let r = 0; r < b * h * tq; r++) {
    const qPos = qStart + (r % tq);
    if (qPos < minQ) continue;
    const row = Array.prototype.slice.call(scores, r * tk, (r + 1) * tk) as number[];
    sum += attentionResolution(scoresByDistance(row, qPos, kStart), options);
    count++;
  }
  ensure(count > 0, 'meanResolution: no query at or past minQueryPos');
  return sum / count;
}

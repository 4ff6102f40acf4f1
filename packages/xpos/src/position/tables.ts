import { checkHeadDim, checkStart } from '../errors.js';

/**
 * Per-position rotation tables `[length, d]` (float32, built in float64): entries 2i and 2i+1 of
 * row t hold cos/sin of (start+t)·θ_i, each multiplied by `scale(t, i)` when given. Pairs are
 * interleaved: (x0,x1), (x2,x3), …
 */
export function rotaryTables(
  start: number,
  length: number,
  freqs: Float64Array,
  scale?: (position: number, pair: number) => number,
): { cos: Float32Array; sin: Float32Array } {
  checkStart(start, 'rotaryTables');
  const half = freqs.length;
  checkHeadDim(half * 2, 'rotaryTables');
  const d = half * 2;
  const cos = new Float32Array(length * d);
  const sin = new Float32Array(length * d);
  for (let t = 0; t < length; t++) {
    const p = start + t;
    for (let i = 0; i < half; i++) {
      const angle = p * (freqs[i] as number);
      const s = scale ? scale(p, i) : 1;
      const c = Math.cos(angle) * s;
      const n = Math.sin(angle) * s;
      cos[t * d + 2 * i] = c;
      cos[t * d + 2 * i + 1] = c;
      sin[t * d + 2 * i] = n;
      sin[t * d + 2 * i + 1] = n;
    }
  }
  return { cos, sin };
}

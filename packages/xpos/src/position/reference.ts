import { checkHeadDim, checkStart } from '../errors.js';
import { rotaryFrequencies, xposParams, xposZeta, type RotaryOptions, type XposOptions } from './frequencies.js';

/**
 * Plain float64 reference implementations of RoPE and XPOS on one vector, for tests and
 * browser demos. No tensors involved.
 */

/** Rotates interleaved pairs of `x` (length d) by `position`·θ_i, optionally scaling pair i by `scale[i]`. */
function rotateF64(x: ArrayLike<number>, position: number, freqs: Float64Array, scale?: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < freqs.length; i++) {
    const a = position * (freqs[i] as number);
    const c = Math.cos(a);
    const s = Math.sin(a);
    const x0 = x[2 * i] as number;
    const x1 = x[2 * i + 1] as number;
    const f = scale ? (scale[i] as number) : 1;
    out[2 * i] = (x0 * c - x1 * s) * f;
    out[2 * i + 1] = (x1 * c + x0 * s) * f;
  }
  return out;
}

/** RoPE in float64: rotates pair i of `x` by `position`·θ_i. */
export function ropeF64(x: ArrayLike<number>, position: number, options: RotaryOptions = {}): Float64Array {
  checkHeadDim(x.length, 'ropeF64');
  checkStart(position, 'ropeF64');
  return rotateF64(x, position, rotaryFrequencies(x.length, options.base));
}

/**
 * XPOS in float64 for a query (`role: 'q'`, scale ζ_i^((n−c)/B)) or a key (`role: 'k'`,
 * scale ζ_i^(−(m−c)/B)) at `position`, with scale exponents centred at `centre` (default 0).
 * A query and a key share a centre; their dot product is then independent of it.
 */
export function xposF64(
  x: ArrayLike<number>,
  position: number,
  role: 'q' | 'k',
  options: XposOptions & { centre?: number } = {},
): Float64Array {
  checkHeadDim(x.length, 'xposF64');
  checkStart(position, 'xposF64');
  const p = xposParams(options);
  const zeta = xposZeta(x.length, p.gamma);
  const sign = role === 'q' ? 1 : -1;
  const e = (sign * (position - (options.centre ?? 0))) / p.scaleBase;
  const scale = zeta.map((z) => Math.pow(z, e));
  return rotateF64(x, position, rotaryFrequencies(x.length, p.base), scale);
}

/** Dot product in float64. */
export function dotF64(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

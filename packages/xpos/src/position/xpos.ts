import type * as tf from '@tensorflow/tfjs';
import { applyRotary, checkRotateArgs, rotaryFrequencies, rotaryTables, type PositionEncoding } from '@lmkit/tensor';
import { xposParams, xposZeta, type XposOptions } from './frequencies.js';

/**
 * The centre c of the XPOS scale exponents for one `rotate` call: the middle of the query range.
 * Queries get ζ^((n−c)/B), keys ζ^(−(m−c)/B); q·k carries ζ^((n−m)/B) whatever c is. Centring on
 * the queries keeps their scale near 1 at any absolute offset (1,000,000 included), and keys
 * before the queries get factors ≤ 1 (far keys may underflow to 0, never overflow). One call
 * stays finite in float32 while the query range spans less than about 72k positions (with the
 * defaults: the largest factor is ζ_0^(−T/2B), ζ_0 = γ/(1+γ) = 2/7, and float32 ends at e^88.7);
 * split longer passes into several calls (BCA blocks, KV-cache chunks).
 */
export function xposCentre(qStart: number, qLength: number): number {
  return qStart + Math.floor(qLength / 2);
}

/**
 * XPOS (arXiv 2212.10554): RoPE whose pair i is also scaled by ζ_i^(n/B) for a query at n and
 * ζ_i^(−m/B) for a key at m (ζ_i = (2i/d + γ)/(1 + γ), γ = 0.4, B = 512), so q·k decays as
 * ζ_i^((n−m)/B). Exponents are centred per call (see {@link xposCentre}); rotation angles use the
 * raw positions. With a KV cache pass raw keys and their full position range: the scale is
 * re-derived on every call, so cached keys are never scaled twice.
 */
export function xpos(options: XposOptions = {}): PositionEncoding {
  const p = xposParams(options);
  return {
    name: 'xpos',
    rotate(q: tf.Tensor4D, k: tf.Tensor4D, qStart: number, kStart: number): [tf.Tensor4D, tf.Tensor4D] {
      const d = checkRotateArgs(q, k, qStart, kStart, 'xpos');
      const freqs = rotaryFrequencies(d, p.base);
      const logZeta = xposZeta(d, p.gamma).map(Math.log);
      const c = xposCentre(qStart, q.shape[2]);
      const qScale = (pos: number, i: number): number => Math.exp(((logZeta[i] as number) * (pos - c)) / p.scaleBase);
      const kScale = (pos: number, i: number): number => Math.exp((-(logZeta[i] as number) * (pos - c)) / p.scaleBase);
      const tq = rotaryTables(qStart, q.shape[2], freqs, qScale);
      const tk = rotaryTables(kStart, k.shape[2], freqs, kScale);
      return [applyRotary(q, tq.cos, tq.sin), applyRotary(k, tk.cos, tk.sin)];
    },
    describe: () => ({ name: 'xpos', base: p.base, gamma: p.gamma, scaleBase: p.scaleBase }),
  };
}

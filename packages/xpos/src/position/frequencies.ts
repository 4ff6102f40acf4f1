import { checkHeadDim, ROPE_BASE, type RotaryOptions } from '@lmkit/tensor';
import { XPOS_GAMMA, XPOS_SCALE_BASE } from './constants.js';

export { rotaryFrequencies, type RotaryOptions } from '@lmkit/tensor';

/** XPOS per-pair decay bases ζ_i = (2i/d + γ)/(1 + γ), i = 0 … d/2−1 (float64). */
export function xposZeta(headDim: number, gamma = XPOS_GAMMA): Float64Array {
  checkHeadDim(headDim, 'xposZeta');
  const half = headDim / 2;
  const out = new Float64Array(half);
  for (let i = 0; i < half; i++) out[i] = ((2 * i) / headDim + gamma) / (1 + gamma);
  return out;
}

/** Options of XPOS. */
export interface XposOptions extends RotaryOptions {
  /** γ of ζ_i. Default 0.4. */
  gamma?: number;
  /** Scale base B. Default 512. */
  scaleBase?: number;
}

/** Resolved XPOS parameters. */
export interface XposParams {
  /** Rotary frequency base. */
  base: number;
  /** γ of ζ_i = (2i/d + γ)/(1 + γ). */
  gamma: number;
  /** Scale base B of ζ_i^(n/B). */
  scaleBase: number;
}

/** Fills XPOS defaults. */
export function xposParams(o: XposOptions = {}): XposParams {
  return { base: o.base ?? ROPE_BASE, gamma: o.gamma ?? XPOS_GAMMA, scaleBase: o.scaleBase ?? XPOS_SCALE_BASE };
}

import * as tf from '@tensorflow/tfjs';
import type { Matrix } from '../linalg/matrix.js';
import { prepareDualInput, type DualFormInput } from './dual-form.js';

/** Result of {@link dualFormTf}: both sides computed with tfjs (float32). */
export interface DualFormTfResult {
  /** Linear attention Vᵀ(K q) over [X′; X]. */
  attention: Float32Array;
  /** (W_ZSL + ΔW_ICL)·q with W_ZSL = V_Xᵀ K_X and ΔW_ICL = V_X′ᵀ K_X′. */
  dual: Float32Array;
  /** max |attention − dual|. */
  maxAbsDiff: number;
}

/**
 * The dual form of {@link dualForm} written with tfjs matrix ops on the active backend (float32):
 * the same identity, with rounding of order 1e-6 relative. Validates like {@link dualForm}.
 */
export function dualFormTf(input: DualFormInput): DualFormTfResult {
  const p = prepareDualInput(input);
  const t = (m: Matrix): tf.Tensor2D => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);
  const [attention, dual, diff] = tf.tidy(() => {
    const wK = t(p.wK);
    const wV = t(p.wV);
    const q = tf.tensor2d(Float32Array.from(p.q), [p.q.length, 1]);
    const demos = t(p.demos);
    const all = p.context.rows > 0 ? tf.concat([demos, t(p.context)], 0) : demos;
    // Attention form: V_allᵀ (K_all q).
    const kAll = tf.matMul(all, wK, false, true);
    const vAll = tf.matMul(all, wV, false, true);
    const att = tf.matMul(vAll, tf.matMul(kAll, q), true, false).reshape([-1]);
    // Dual form: (V_Xᵀ K_X + V_X′ᵀ K_X′) q.
    const kD = tf.matMul(demos, wK, false, true);
    const vD = tf.matMul(demos, wV, false, true);
    let w = tf.matMul(vD, kD, true, false);
    if (p.context.rows > 0) {
      const ctx = t(p.context);
      w = w.add(tf.matMul(tf.matMul(ctx, wV, false, true), tf.matMul(ctx, wK, false, true), true, false));
    }
    const du = tf.matMul(w, q).reshape([-1]);
    return [att, du, att.sub(du).abs().max()];
  });
  const out = {
    attention: attention.dataSync() as Float32Array,
    dual: dual.dataSync() as Float32Array,
    maxAbsDiff: diff.dataSync()[0] as number,
  };
  tf.dispose([attention, dual, diff]);
  return out;
}

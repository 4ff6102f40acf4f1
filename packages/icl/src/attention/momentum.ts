import * as tf from '@tensorflow/tfjs';
import { ArgumentError, causalPattern, type AttentionInputs, type AttentionPattern, type AttentionResult } from '@lmkit/tensor';

/** Options of {@link momentumAttention}. */
export interface MomentumAttentionOptions {
  /** Decay η in [0, 1): a value v_i seen (t − i) positions earlier adds η^(t−i)·v_i. Default 0.5 (our choice; not a paper value). */
  eta?: number;
  /** Pattern whose output the momentum term is added to. Default full causal. */
  base?: AttentionPattern;
}

/**
 * The decay matrix `[Tq, Tk]` with entry η^(p_q − p_k) where key position p_k < query position
 * p_q, else 0 (positions are absolute: query i at `qStart + i`, key j at `kStart + j`).
 */
export function momentumDecayMatrix(eta: number, qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor2D {
  const data = new Float32Array(qLength * kLength);
  for (let i = 0; i < qLength; i++) {
    for (let j = 0; j < kLength; j++) {
      const gap = qStart + i - (kStart + j);
      if (gap > 0) data[i * kLength + j] = Math.pow(eta, gap);
    }
  }
  return tf.tensor2d(data, [qLength, kLength]);
}

/**
 * Momentum attention (Dai et al. 2023, §6): the base pattern's output plus Σ_{i<t} η^(t−i) v_i,
 * an exponential moving average of earlier values, by analogy with momentum in gradient descent.
 * Written as one matMul against a constant decay matrix, so it differentiates on every backend.
 * Pre-softmax scores are the base pattern's.
 * @throws `LMKIT_BAD_ARGUMENT` when η is outside [0, 1).
 */
export function momentumAttention(options: MomentumAttentionOptions = {}): AttentionPattern {
  const eta = options.eta ?? 0.5;
  if (!(typeof eta === 'number' && eta >= 0 && eta < 1)) {
    throw new ArgumentError(`momentum attention: eta must be in [0, 1), got ${String(eta)}`);
  }
  const base = options.base ?? causalPattern;
  return {
    name: `momentum(${base.name}, eta=${eta})`,
    attend(inputs: AttentionInputs): AttentionResult {
      const res = base.attend(inputs);
      const { v, qStart, kStart } = inputs;
      const [b, h, tk, dh] = v.shape;
      const tq = inputs.q.shape[2];
      const out = tf.tidy(() => {
        const decay = momentumDecayMatrix(eta, qStart, tq, kStart, tk);
        // [B, H, Tk, dh] → [Tk, B·H·dh], one 2-D matMul, then back to [B, H, Tq, dh].
        const flat = v.transpose([2, 0, 1, 3]).reshape([tk, b * h * dh]);
        const mom = tf.matMul(decay, flat).reshape([tq, b, h, dh]).transpose([1, 2, 0, 3]);
        return res.out.add(mom) as tf.Tensor4D;
      });
      res.out.dispose();
      return res.scores ? { out, scores: res.scores } : { out };
    },
  };
}

import * as tf from '@tensorflow/tfjs';
import { causalMask } from './mask.js';
import { denseAttention } from './dense.js';
import { fusedCausalAttention } from './fused.js';
import type { AttentionInputs, AttentionPattern, AttentionResult } from './types.js';

/**
 * Full causal attention: each query sees every key at or before its own position. Runs as one
 * fused wasm kernel when it can (see {@link fusedCausalAttention}), densely otherwise and
 * whenever scores are asked for.
 */
export const causalPattern: AttentionPattern = {
  name: 'causal',
  attend(inputs: AttentionInputs): AttentionResult {
    const { q, k, v, qStart, kStart, bias, wantScores } = inputs;
    const tq = q.shape[2];
    const tk = k.shape[2];
    return tf.tidy(() => {
      if (!wantScores) {
        const out = fusedCausalAttention(q, k, v, qStart, kStart, bias?.(qStart, tq, kStart, tk));
        if (out) return { out };
      }
      let additive: tf.Tensor = causalMask(qStart, tq, kStart, tk);
      if (bias) additive = additive.add(bias(qStart, tq, kStart, tk));
      const r = denseAttention(q, k, v, additive, wantScores);
      return r.scores ? { out: r.out, scores: r.scores } : { out: r.out };
    });
  },
};

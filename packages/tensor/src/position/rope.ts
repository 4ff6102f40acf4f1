import type * as tf from '@tensorflow/tfjs';
import type { PositionEncoding } from './types.js';
import { applyRotary, checkRotateArgs, ROPE_BASE, rotaryFrequencies, rotaryTables, type RotaryOptions } from './rotary.js';

/**
 * Rotary position embedding (RoPE): query at n and key at m are rotated pairwise by nθ_i and
 * mθ_i (θ_i = base^(−2i/d), interleaved pairs), so q·k depends only on n − m.
 */
export function rope(options: RotaryOptions = {}): PositionEncoding {
  const base = options.base ?? ROPE_BASE;
  return {
    name: 'rope',
    rotate(q: tf.Tensor4D, k: tf.Tensor4D, qStart: number, kStart: number): [tf.Tensor4D, tf.Tensor4D] {
      const d = checkRotateArgs(q, k, qStart, kStart, 'rope');
      const freqs = rotaryFrequencies(d, base);
      const tq = rotaryTables(qStart, q.shape[2], freqs);
      const tk = rotaryTables(kStart, k.shape[2], freqs);
      return [applyRotary(q, tq.cos, tq.sin), applyRotary(k, tk.cos, tk.sin)];
    },
    describe: () => ({ name: 'rope', base }),
  };
}

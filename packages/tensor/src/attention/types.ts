import type * as tf from '@tensorflow/tfjs';

/** What an {@link AttentionPattern} receives for one layer. */
export interface AttentionInputs {
  /** Queries `[B, H, Tq, dh]`, already transformed by the position encoding. */
  q: tf.Tensor4D;
  /** Keys `[B, H, Tk, dh]`, already transformed by the position encoding. */
  k: tf.Tensor4D;
  /** Values `[B, H, Tk, dh]`. */
  v: tf.Tensor4D;
  /** Absolute position of the first query. */
  qStart: number;
  /** Absolute position of the first key (0 unless keys were truncated). */
  kStart: number;
  /**
   * Score bias from the position encoding (ALiBi), `[H, Tq', Tk']` for any sub-range the pattern
   * asks for; undefined when the encoding has none.
   */
  bias?: (qStart: number, qLength: number, kStart: number, kLength: number) => tf.Tensor3D;
  /** When true the pattern should also return its pre-softmax scores. */
  wantScores?: boolean;
}

/** What an {@link AttentionPattern} returns. */
export interface AttentionResult {
  /** Attention output `[B, H, Tq, dh]` (before the output projection). */
  out: tf.Tensor4D;
  /**
   * Pre-softmax scores `[B, H, Tq, Tk]`: q·k/√dh + bias, with masked entries set to
   * {@link MASKED_SCORE}. Present when `wantScores` was set.
   */
  scores?: tf.Tensor4D;
}

/**
 * Which keys each query sees and how: full causal by default; @lmkit/xpos adds blockwise
 * causal attention, @lmkit/icl momentum attention. A pattern is stateless and may be swapped
 * on a trained model (e.g. evaluate with BCA a model trained with full attention).
 */
export interface AttentionPattern {
  /** Short identifier used in reports, e.g. `causal`, `bca`. */
  readonly name: string;
  /** Computes attention for one layer. Must be differentiable when used in training. */
  attend(inputs: AttentionInputs): AttentionResult;
}

/** Value used for masked-out scores (finite so softmax gradients never see NaN). */
export const MASKED_SCORE = -1e9;

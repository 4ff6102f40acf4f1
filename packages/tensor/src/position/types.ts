import type * as tf from '@tensorflow/tfjs';

/**
 * A position encoding plugs into {@link Transformer} at one (or more) of three points.
 * Implement only the hooks you need:
 * - `embedding`: absolute encodings, added to the token embeddings;
 * - `rotate`: relative encodings that transform queries and keys (RoPE, XPOS);
 * - `scoreBias`: an additive bias on attention scores (ALiBi).
 *
 * Positions are absolute token indices. With a KV cache the model keeps *raw* (un-rotated)
 * keys and calls `rotate` with the full key range, so an encoding may re-derive any
 * offset-dependent scale (XPOS) for every call.
 */
export interface PositionEncoding {
  /** Short identifier used in reports and checkpoints, e.g. `rope`, `xpos`. */
  readonly name: string;
  /**
   * Absolute encoding for positions `start … start+length−1`: a `[length, dModel]` tensor added
   * to token embeddings. Throw an lmkit error when the range is not covered (learned tables).
   */
  embedding?(start: number, length: number, dModel: number): tf.Tensor2D;
  /**
   * Transforms queries `[B, H, Tq, dh]` at positions `qStart…` and keys `[B, H, Tk, dh]` at
   * positions `kStart…`. Returns new tensors (the caller disposes its inputs).
   */
  rotate?(q: tf.Tensor4D, k: tf.Tensor4D, qStart: number, kStart: number): [tf.Tensor4D, tf.Tensor4D];
  /** Additive bias `[H, Tq, Tk]` on the scaled scores q·k/√dh for the given query/key ranges. */
  scoreBias?(numHeads: number, qStart: number, qLength: number, kStart: number, kLength: number): tf.Tensor3D;
  /** Trainable parameters owned by the encoding (e.g. a learned table), keyed by a local name. */
  variables?(): Record<string, tf.Variable>;
  /** A JSON-serialisable description that recreates this encoding (stored in checkpoints). */
  describe(): Record<string, unknown>;
}

/** The encoding that does nothing: no position information at all (NoPE). */
export const noPosition: PositionEncoding = {
  name: 'none',
  describe: () => ({ name: 'none' }),
};

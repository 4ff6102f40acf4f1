import * as tf from '@tensorflow/tfjs';
import type { BlockGrid } from './block-range.js';

/** `[B, H, T, d]` → its padded blocks `[B·H, nb, b, d]`. */
export function toBlocks(x: tf.Tensor4D, grid: BlockGrid): tf.Tensor4D {
  const { B, H, b, d, r, back, nb } = grid;
  return x.pad([[0, 0], [0, 0], [r, back], [0, 0]]).reshape([B * H, nb, b, d]);
}

/** Padded blocks `[B·H, nb, b, d]` → (previous block ‖ own block) of each, `[B·H·nb, 2b, d]` (zeros before block 0). */
export function withPrevious(x: tf.Tensor4D, grid: BlockGrid): tf.Tensor3D {
  const { B, H, b, d, nb } = grid;
  const zeros = tf.zeros([B * H, 1, b, d]);
  const prev = nb === 1 ? zeros : tf.concat([zeros, x.slice([0, 0, 0, 0], [-1, nb - 1, -1, -1])], 1);
  return tf.concat([prev, x], 2).reshape([B * H * nb, 2 * b, d]);
}

/** Per-block rows `[B·H·nb, b, d]` → the sequence `[B, H, T, d]` (padding dropped). */
export function fromBlocks(x: tf.Tensor, grid: BlockGrid): tf.Tensor4D {
  const { B, H, b, d, r, nb, T } = grid;
  return x.reshape([B, H, nb * b, d]).slice([0, 0, r, 0], [-1, -1, T, -1]) as tf.Tensor4D;
}

import * as tf from '@tensorflow/tfjs';
import { matMul } from '@lmkit/tensor';
import { blockProbs, windowMask, type BlockGrid, type ScoreBias } from './bca-block-range.js';
import { foldPairs, fromBlocks, toBlocks, withPrevious } from './bca-layout.js';

/**
 * Gradients of BCA's output w.r.t. q, k and v given the output gradient `dy` `[B, H, T, d]`, in
 * block space (no N×N matrix). With P = softmax(S), S = q·kᵀ/√d + masks (+ bias):
 * dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = dS·K/√d, dK = dSᵀ·Q/√d; the
 * gradients of each block's (previous ‖ own) keys and values are then folded back onto the blocks.
 */
export function bcaBackward(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  dy: tf.Tensor4D,
  grid: BlockGrid,
  bias?: ScoreBias,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  return tf.tidy(() => {
    const { B, H, b, d, nb } = grid;
    const rows = B * H * nb;
    const qb = toBlocks(q, grid).reshape([rows, b, d]) as tf.Tensor3D;
    const kb = withPrevious(toBlocks(k, grid), grid);
    const vb = withPrevious(toBlocks(v, grid), grid);
    const dOut = toBlocks(dy, grid).reshape([rows, b, d]) as tf.Tensor3D;
    const p = blockProbs(qb, kb, windowMask(b), grid, 0, nb, bias);
    const dV = matMul(p, dOut, true, false);
    const dP = matMul(dOut, vb, false, true);
    const dS = p.mul(dP.sub(dP.mul(p).sum(-1, true))) as tf.Tensor3D;
    const scale = 1 / Math.sqrt(d);
    const dQ = matMul(dS, kb).mul(scale);
    const dK = matMul(dS, qb, true, false).mul(scale);
    return [fromBlocks(dQ, grid), foldPairs(dK, grid), foldPairs(dV, grid)];
  });
}

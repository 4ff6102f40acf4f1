import * as tf from '@tensorflow/tfjs';
import { matMul } from '@lmkit/tensor';
import { blockProbs, blockRangeAttention, windowMask, type BlockGrid, type ScoreBias } from './block-range.js';
import { addPairRows, cutBlockRows, cutPairRows, putBlockRows } from './chunk-rows.js';

/** Calls `each(j0, g)` for the chunks of `chunk` blocks covering the grid. */
function forChunks(grid: BlockGrid, chunk: number, each: (j0: number, g: number) => void): void {
  for (let j0 = 0; j0 < grid.nb; j0 += chunk) each(j0, Math.min(chunk, grid.nb - j0));
}

/** A chunk's block rows `[B·H·g, b, d]` or pair rows `[B·H·g, 2b, d]` as a tensor. */
function rowsTensor(rows: Float32Array, grid: BlockGrid, g: number, pairs: boolean): tf.Tensor3D {
  const { B, H, b, d } = grid;
  return tf.tensor3d(rows, [B * H * g, pairs ? 2 * b : b, d]);
}

/**
 * BCA forward over chunks of `chunk` blocks: each chunk's queries and (previous ‖ own) keys and
 * values are cut out of the flat buffers, attended in a constant number of kernel calls, and the
 * output rows written back. Time and memory O(N·b·d); each chunk's scores stay cache-sized.
 */
export function chunkedForward(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, grid: BlockGrid, chunk: number, bias?: ScoreBias): tf.Tensor4D {
  const [qs, ks, vs] = [q.dataSync(), k.dataSync(), v.dataSync()] as Float32Array[];
  const out = new Float32Array(qs!.length);
  const window = windowMask(grid.b);
  forChunks(grid, chunk, (j0, g) => {
    // [B, H, g·b, d] has the row order of [B·H·g, b, d]: its values are block rows as cut.
    const part = tf.tidy(() =>
      blockRangeAttention(
        rowsTensor(cutBlockRows(qs!, grid, j0, g), grid, g, false),
        rowsTensor(cutPairRows(ks!, grid, j0, g), grid, g, true),
        rowsTensor(cutPairRows(vs!, grid, j0, g), grid, g, true),
        window,
        grid,
        j0,
        g,
        bias,
      ),
    );
    putBlockRows(out, part.dataSync() as Float32Array, grid, j0, g);
    part.dispose();
  });
  window.dispose();
  return tf.tensor4d(out, q.shape);
}

/**
 * Gradients of BCA w.r.t. q, k and v for the output gradient `dy`, chunk by chunk like
 * {@link chunkedForward}. With P = softmax(S), S = q·kᵀ/√d + masks (+ bias, taken as constant):
 * dV = Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dP ⊙ P)), dQ = dS·K/√d, dK = dSᵀ·Q/√d. The key
 * and value gradients of each block's (previous ‖ own) pair are added back onto their rows.
 */
export function chunkedBackward(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  dy: tf.Tensor4D,
  grid: BlockGrid,
  chunk: number,
  bias?: ScoreBias,
): [tf.Tensor4D, tf.Tensor4D, tf.Tensor4D] {
  const [qs, ks, vs, dys] = [q.dataSync(), k.dataSync(), v.dataSync(), dy.dataSync()] as Float32Array[];
  const [dq, dk, dv] = [0, 1, 2].map(() => new Float32Array(qs!.length)) as [Float32Array, Float32Array, Float32Array];
  const window = windowMask(grid.b);
  const scale = 1 / Math.sqrt(grid.d);
  forChunks(grid, chunk, (j0, g) => {
    const parts = tf.tidy(() => {
      const qc = rowsTensor(cutBlockRows(qs!, grid, j0, g), grid, g, false);
      const kc = rowsTensor(cutPairRows(ks!, grid, j0, g), grid, g, true);
      const vc = rowsTensor(cutPairRows(vs!, grid, j0, g), grid, g, true);
      const dOut = rowsTensor(cutBlockRows(dys!, grid, j0, g), grid, g, false);
      const p = blockProbs(qc, kc, window, grid, j0, g, bias);
      const dP = matMul(dOut, vc, false, true);
      const dS = p.mul(dP.sub(dP.mul(p).sum(-1, true))) as tf.Tensor3D;
      return [matMul(dS, kc).mul(scale), matMul(dS, qc, true, false).mul(scale), matMul(p, dOut, true, false)];
    });
    const [dQc, dKc, dVc] = parts.map((t) => t.dataSync() as Float32Array) as [Float32Array, Float32Array, Float32Array];
    putBlockRows(dq, dQc, grid, j0, g);
    addPairRows(dk, dKc, grid, j0, g);
    addPairRows(dv, dVc, grid, j0, g);
    tf.dispose(parts);
  });
  window.dispose();
  return [tf.tensor4d(dq, q.shape), tf.tensor4d(dk, q.shape), tf.tensor4d(dv, q.shape)];
}

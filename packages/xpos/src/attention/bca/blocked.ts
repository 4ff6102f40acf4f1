import * as tf from '@tensorflow/tfjs';
import { ensure } from '../../errors.js';
import { chunkedBackward, chunkedForward } from './chunked.js';
import { blockGrid, blockRangeAttention, windowMask, type BlockGrid, type ScoreBias } from './block-range.js';
import { fromBlocks, toBlocks, withPrevious } from './layout.js';

/**
 * Score elements one chunk of blocks may hold (4 MB of float32). Keeping each chunk's scores this
 * small keeps the elementwise passes and transposes in cache, which is what makes the cost linear
 * in N on tfjs-wasm: all blocks in one piece gave t(16k)/t(4k) ≈ 5 instead of 4.
 */
const CHUNK_SCORE_ELEMENTS = 1 << 20;

/** Blocks per chunk for a grid: as many as fit in {@link CHUNK_SCORE_ELEMENTS}, at least one (a bigger chunk then). */
export function defaultChunkBlocks(grid: Pick<BlockGrid, 'B' | 'H' | 'b'>): number {
  return Math.max(1, Math.floor(CHUNK_SCORE_ELEMENTS / (grid.B * grid.H * grid.b * 2 * grid.b)));
}

/** All blocks at once: pad, reshape, (previous ‖ own) keys by concatenation. Differentiable everywhere. */
function wholePass(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, grid: BlockGrid, bias?: ScoreBias): tf.Tensor4D {
  return tf.tidy(() => {
    const { B, H, b, d, nb } = grid;
    const qb = toBlocks(q, grid).reshape([B * H * nb, b, d]) as tf.Tensor3D;
    const kb = withPrevious(toBlocks(k, grid), grid);
    const vb = withPrevious(toBlocks(v, grid), grid);
    return fromBlocks(blockRangeAttention(qb, kb, vb, windowMask(b), grid, 0, nb, bias), grid);
  });
}

/**
 * BCA for queries and keys over the same positions `start … start+T−1` (a full forward pass). The
 * sequence is padded to whole blocks of `b` (aligned to absolute multiples of `b`); each block of
 * queries meets (previous block ‖ own block) of keys in a batched matMul, never an N×N matrix, so
 * time and memory are O(N·b·d). Long inputs run in chunks of `chunkBlocks` blocks (default: as
 * many as keep a chunk's scores at 4 MB, at least one block) so the cost stays linear in N; a
 * chunked pass gets its gradient from the closed-form attention backward, run in the same chunks.
 * With a score bias and gradients being recorded, the whole pass runs in one piece so the bias
 * gets its gradient too.
 */
export function bcaBlocked(
  q: tf.Tensor4D,
  k: tf.Tensor4D,
  v: tf.Tensor4D,
  start: number,
  b: number,
  bias?: ScoreBias,
  chunkBlocks?: number,
): tf.Tensor4D {
  const grid = blockGrid(q, start, b);
  const chunk = chunkBlocks ?? defaultChunkBlocks(grid);
  ensure(chunk === Number.POSITIVE_INFINITY || (Number.isInteger(chunk) && chunk >= 1), `BCA: chunkBlocks must be an integer ≥ 1, got ${chunk}`);
  // A bias may depend on trainable variables (a PositionEncoding can have both); the chunked pass
  // treats it as a constant, so while gradients are being recorded a biased pass runs in one piece.
  const biasNeedsGradient = bias !== undefined && tf.engine().isTapeOn();
  if (grid.nb <= chunk || biasNeedsGradient) return wholePass(q, k, v, grid, bias);
  const attend = tf.customGrad(((qi: tf.Tensor4D, ki: tf.Tensor4D, vi: tf.Tensor4D, save: tf.GradSaveFunc) => {
    save([qi, ki, vi]);
    return {
      value: chunkedForward(qi, ki, vi, grid, chunk, bias),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [qs, ks, vs] = saved as tf.Tensor4D[];
        return chunkedBackward(qs!, ks!, vs!, dy, grid, chunk, bias);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return attend(q, k, v) as tf.Tensor4D;
}

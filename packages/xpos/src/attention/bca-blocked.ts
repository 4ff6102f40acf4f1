import * as tf from '@tensorflow/tfjs';
import { ensure } from '../errors.js';
import { bcaBackward } from './bca-backward.js';
import { blockGrid, blockRangeAttention, windowMask, type BlockGrid, type ScoreBias } from './bca-block-range.js';
import { fromBlocks, toBlocks, withPrevious } from './bca-layout.js';

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
 * Copies `count` rows of `d` values starting at sequence row `from` of one `[T, d]` matrix (at
 * `srcOffset` in `src`) to `dst` at `dstOffset`; rows outside `0 … T−1` stay as they are (zero).
 */
function copyRows(src: Float32Array, srcOffset: number, T: number, d: number, from: number, count: number, dst: Float32Array, dstOffset: number): void {
  const lo = Math.max(from, 0);
  const hi = Math.min(from + count, T);
  if (hi > lo) dst.set(src.subarray(srcOffset + lo * d, srcOffset + hi * d), dstOffset + (lo - from) * d);
}

/**
 * Chunks of `chunk` blocks, each chunk's inputs copied out of the flat q/k/v buffers (tfjs-wasm's
 * Slice copies its whole input on every call and its Gather moves one element at a time, both
 * too slow to cut many chunks). Block j's (previous ‖ own) keys are 2b consecutive rows, so each
 * is one copy. Forward only: `bcaBlocked` pairs it with `bcaBackward`.
 */
function chunkedPass(q: tf.Tensor4D, k: tf.Tensor4D, v: tf.Tensor4D, grid: BlockGrid, chunk: number, bias?: ScoreBias): tf.Tensor4D {
  const { B, H, T, d, b, r, nb } = grid;
  const heads = B * H;
  const [qs, ks, vs] = [q.dataSync(), k.dataSync(), v.dataSync()] as Float32Array[];
  const out = new Float32Array(heads * T * d);
  const window = windowMask(b);
  for (let j0 = 0; j0 < nb; j0 += chunk) {
    const g = Math.min(chunk, nb - j0);
    const qc = new Float32Array(heads * g * b * d);
    const kc = new Float32Array(heads * g * 2 * b * d);
    const vc = new Float32Array(heads * g * 2 * b * d);
    for (let s = 0; s < heads; s++) {
      copyRows(qs!, s * T * d, T, d, j0 * b - r, g * b, qc, s * g * b * d);
      for (let j = 0; j < g; j++) {
        const from = (j0 + j - 1) * b - r;
        copyRows(ks!, s * T * d, T, d, from, 2 * b, kc, (s * g + j) * 2 * b * d);
        copyRows(vs!, s * T * d, T, d, from, 2 * b, vc, (s * g + j) * 2 * b * d);
      }
    }
    const part = tf.tidy(() =>
      blockRangeAttention(
        tf.tensor3d(qc, [heads * g, b, d]),
        tf.tensor3d(kc, [heads * g, 2 * b, d]),
        tf.tensor3d(vc, [heads * g, 2 * b, d]),
        window,
        grid,
        j0,
        g,
        bias,
      ),
    );
    const vals = part.dataSync();
    part.dispose();
    // Row i of this chunk is sequence row j0·b − r + i; keep those inside 0 … T−1.
    const first = j0 * b - r;
    const lo = Math.max(first, 0);
    const hi = Math.min(first + g * b, T);
    for (let s = 0; s < heads; s++) {
      out.set(vals.subarray((s * g * b + lo - first) * d, (s * g * b + hi - first) * d), (s * T + lo) * d);
    }
  }
  window.dispose();
  return tf.tensor4d(out, [B, H, T, d]);
}

/**
 * BCA for queries and keys over the same positions `start … start+T−1` (a full forward pass). The
 * sequence is padded to whole blocks of `b` (aligned to absolute multiples of `b`); each block of
 * queries meets (previous block ‖ own block) of keys in a batched matMul, never an N×N matrix, so
 * time and memory are O(N·b·d). Long inputs run in chunks of `chunkBlocks` blocks (default: as
 * many as keep a chunk's scores at 4 MB, at least one block) so the forward cost stays linear in N;
 * the gradient of a chunked pass comes from `bcaBackward`, the closed-form attention backward in
 * block space, computed in one piece. With a score bias and gradients being recorded, the whole
 * pass runs in one piece so the bias gets its gradient too.
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
      value: chunkedPass(qi, ki, vi, grid, chunk, bias),
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) => {
        const [qs, ks, vs] = saved as tf.Tensor4D[];
        return bcaBackward(qs!, ks!, vs!, dy, grid, bias);
      },
    };
  }) as unknown as Parameters<typeof tf.customGrad>[0]);
  return attend(q, k, v) as tf.Tensor4D;
}

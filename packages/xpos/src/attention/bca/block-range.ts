import * as tf from '@tensorflow/tfjs';
import { MASKED_SCORE, matMul } from '@lmkit/tensor';

/** ALiBi-style score bias callback `(qStart, qLength, kStart, kLength) → [H, qLength, kLength]`. */
export type ScoreBias = (qStart: number, qLength: number, kStart: number, kLength: number) => tf.Tensor3D;

/**
 * Where a BCA pass sits in block space: positions `start … start+T−1` padded to whole blocks of
 * `b` aligned to absolute multiples of `b` (`r` slots before, `back` after), `nb` blocks whose
 * first position is `base`.
 */
export interface BlockGrid {
  B: number;
  H: number;
  T: number;
  d: number;
  b: number;
  start: number;
  r: number;
  back: number;
  nb: number;
  base: number;
}

/** The block grid of a pass over `q` `[B, H, T, d]` starting at absolute position `start`. */
export function blockGrid(q: tf.Tensor4D, start: number, b: number): BlockGrid {
  const [B, H, T, d] = q.shape;
  const r = start % b;
  const nb = Math.ceil((r + T) / b);
  return { B, H, T, d, b, start, r, nb, back: nb * b - r - T, base: start - r };
}

/** `[b, 2b]`: query i of a block sees key t of (previous block ‖ own block) iff t ≤ i + b. */
export function windowMask(b: number): tf.Tensor2D {
  const m = new Float32Array(b * 2 * b);
  for (let i = 0; i < b; i++) for (let t = i + b + 1; t < 2 * b; t++) m[i * 2 * b + t] = MASKED_SCORE;
  return tf.tensor2d(m, [b, 2 * b]);
}

/** `[g, 1, 2b]` for blocks `j0 … j0+g−1`: masks key slots that are padding (outside the pass). */
function validKeyMask(grid: BlockGrid, j0: number, g: number): tf.Tensor3D {
  const { b, base, start, T } = grid;
  const m = new Float32Array(g * 2 * b);
  for (let j = 0; j < g; j++) {
    for (let t = 0; t < 2 * b; t++) {
      const pos = base + (j0 + j - 1) * b + t;
      if (pos < start || pos >= start + T) m[j * 2 * b + t] = MASKED_SCORE;
    }
  }
  return tf.tensor3d(m, [g, 1, 2 * b]);
}

/** `[H, g, b, 2b]` bias of blocks `j0 … j0+g−1` (slots before position 0 get 0; they are masked). */
function blockBias(bias: ScoreBias, grid: BlockGrid, j0: number, g: number): tf.Tensor {
  const { b, base } = grid;
  const blocks: tf.Tensor[] = [];
  for (let j = j0; j < j0 + g; j++) {
    const q0 = base + j * b;
    const k0 = q0 - b;
    if (k0 >= 0) blocks.push(bias(q0, b, k0, 2 * b));
    else blocks.push(bias(q0, b, 0, 2 * b + k0).pad([[0, 0], [0, 0], [-k0, 0]]));
  }
  return tf.stack(blocks, 1);
}

/**
 * Attention probabilities of the `g` blocks `j0 … j0+g−1` of a grid, `[B·H·g, b, 2b]`: `qb`
 * `[B·H·g, b, d]` holds their queries, `kb` `[B·H·g, 2b, d]` the keys of (previous block ‖ own
 * block) of each, `window` is {@link windowMask}`(b)` (built once per pass by the caller).
 */
export function blockProbs(qb: tf.Tensor3D, kb: tf.Tensor3D, window: tf.Tensor2D, grid: BlockGrid, j0: number, g: number, bias?: ScoreBias): tf.Tensor3D {
  return tf.tidy(() => {
    const { B, H, b, d } = grid;
    let scores: tf.Tensor = matMul(qb, kb, false, true)
      .mul(1 / Math.sqrt(d))
      .reshape([B, H, g, b, 2 * b]);
    scores = scores.add(window).add(validKeyMask(grid, j0, g));
    if (bias) scores = scores.add(blockBias(bias, grid, j0, g));
    return tf.softmax(scores, -1).reshape([B * H * g, b, 2 * b]) as tf.Tensor3D;
  });
}

/**
 * BCA output of the `g` blocks `j0 … j0+g−1` (arguments as {@link blockProbs}; `vb` like `kb`),
 * `[B, H, g·b, d]`. One batched matMul for the scores and one for the output (tensor's fast matMul),
 * so the work is O(g·b²·d) in a constant number of kernel calls.
 */
export function blockRangeAttention(
  qb: tf.Tensor3D,
  kb: tf.Tensor3D,
  vb: tf.Tensor3D,
  window: tf.Tensor2D,
  grid: BlockGrid,
  j0: number,
  g: number,
  bias?: ScoreBias,
): tf.Tensor4D {
  return tf.tidy(() => {
    const { B, H, b, d } = grid;
    return matMul(blockProbs(qb, kb, window, grid, j0, g, bias), vb).reshape([B, H, g * b, d]) as tf.Tensor4D;
  });
}

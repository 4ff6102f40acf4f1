import * as tf from '@tensorflow/tfjs';
import { assertDim, assertK, PiclError } from '../errors.js';
import type { IndexHit } from './topk.js';

/** Options of {@link exactSearchBatch}. */
export interface ExactSearchOptions {
  /** Stored vectors per matrix product. Default 16,384. */
  blockRows?: number;
  /** Queries per matrix product. Default 128 (fastest measured at 100,000 × 100-d: 28 GFLOP/s per CPU second, ~85% of the wasm matmul peak). */
  queryRows?: number;
  /** Per query, a label to leave out (e.g. the query's own), or −1 for none. */
  exclude?: ArrayLike<number>;
}

/**
 * Exact inner-product top-k for many queries at once on the active tfjs backend (wasm by default).
 * Stored vectors go through in blocks: each block is uploaded and transposed once, then every block
 * of queries is multiplied with it (`[queryRows, dim] · [dim, blockRows]`, the layout tfjs-wasm
 * hands to XNNPACK's SIMD GEMM — a transposed operand would take its scalar loop), `tf.topk` selects
 * each score row's best k (a one-pass SIMD selection on wasm, installed by `initBackend`), and the
 * blocks' winners are merged. No JavaScript touches the scores.
 *
 * `matrix` is row-major `[n, dim]` (as `BruteForceIndex.matrix()` returns). Results are best first
 * with ties to the lower label, like {@link topK}; scores are float32 dot products. Throws
 * `LMKIT_K_TOO_LARGE` when k exceeds the vectors left to choose from, `LMKIT_DIM_MISMATCH`.
 */
export function exactSearchBatch(queries: Float32Array[], matrix: Float32Array, dim: number, k: number, options: ExactSearchOptions = {}): IndexHit[][] {
  const n = matrix.length / dim;
  if (!Number.isInteger(n)) throw new PiclError('LMKIT_BAD_ARGUMENT', `the matrix holds ${matrix.length} floats, not a multiple of the dimension ${dim}`);
  const exclude = options.exclude;
  if (exclude && exclude.length !== queries.length) throw new PiclError('LMKIT_BAD_ARGUMENT', `exclude lists ${exclude.length} labels for ${queries.length} queries`);
  assertK(k, exclude && queries.length > 0 ? n - 1 : n);
  for (const q of queries) assertDim(q.length, dim, 'query');
  const blockRows = Math.max(1, Math.floor(options.blockRows ?? 16_384));
  const queryRows = Math.max(1, Math.floor(options.queryRows ?? 128));
  const Q = queries.length;
  const best = new Best(Q, k);
  const flatQ = new Float32Array(Q * dim);
  queries.forEach((q, i) => flatQ.set(q, i * dim));
  const qBlocks: tf.Tensor2D[] = [];
  for (let q0 = 0; q0 < Q; q0 += queryRows) qBlocks.push(tf.tensor2d(flatQ.subarray(q0 * dim, Math.min(Q, q0 + queryRows) * dim), [Math.min(queryRows, Q - q0), dim]));
  try {
    for (let from = 0; from < n; from += blockRows) {
      const rows = Math.min(blockRows, n - from);
      const kk = Math.min(k + (exclude ? 1 : 0), rows);
      const vt = tf.tidy(() => tf.transpose(tf.tensor2d(matrix.subarray(from * dim, (from + rows) * dim), [rows, dim])));
      try {
        qBlocks.forEach((qb, b) => {
          const { values, indices } = tf.tidy(() => tf.topk(tf.matMul(qb, vt), kk));
          best.merge(b * queryRows, qb.shape[0], values.dataSync() as Float32Array, indices.dataSync() as Int32Array, kk, from, exclude);
          tf.dispose([values, indices]);
        });
      } finally {
        vt.dispose();
      }
    }
  } finally {
    tf.dispose(qBlocks);
  }
  return best.hits();
}

/** The running best k (score, label) of every query, best first, filled block by block in label order. */
class Best {
  private readonly scores: Float32Array;
  private readonly labels: Int32Array;
  private readonly count: Int32Array;

  constructor(
    queries: number,
    private readonly k: number,
  ) {
    this.scores = new Float32Array(queries * k);
    this.labels = new Int32Array(queries * k);
    this.count = new Int32Array(queries);
  }

  /**
   * Merges one block's per-row winners (rows `first …`, `kk` each, best first, block-local labels
   * offset by `from`). Candidates come best first and labels grow block by block, so a candidate that
   * does not beat the current k-th ends the row (an equal score keeps the lower, earlier label).
   */
  merge(first: number, rows: number, values: Float32Array, indices: Int32Array, kk: number, from: number, exclude?: ArrayLike<number>): void {
    const { k, scores, labels, count } = this;
    for (let r = 0; r < rows; r++) {
      const q = first + r;
      const base = q * k;
      const skip = exclude ? exclude[q]! : -1;
      for (let j = 0; j < kk; j++) {
        const s = values[r * kk + j]!;
        const label = from + indices[r * kk + j]!;
        if (label === skip) continue;
        let c = count[q]!;
        if (c === k && !(s > scores[base + k - 1]!)) break;
        if (c < k) count[q] = ++c;
        let p = c - 1;
        while (p > 0 && s > scores[base + p - 1]!) {
          scores[base + p] = scores[base + p - 1]!;
          labels[base + p] = labels[base + p - 1]!;
          p--;
        }
        scores[base + p] = s;
        labels[base + p] = label;
      }
    }
  }

  hits(): IndexHit[][] {
    return Array.from(this.count, (c, q) => Array.from({ length: c }, (_, j) => ({ label: this.labels[q * this.k + j]!, score: this.scores[q * this.k + j]! })));
  }
}

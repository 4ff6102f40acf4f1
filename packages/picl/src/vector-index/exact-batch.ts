import * as tf from '@tensorflow/tfjs';
import { assertDim, assertK } from '../errors.js';
import type { IndexHit } from './topk.js';

/**
 * Exact inner-product top-k for many queries at once on the active tfjs backend (wasm by default):
 * the query matrix times a block of stored vectors is one matrix product, `tf.topk` picks each
 * block's best k, and the blocks' winners are merged. `matrix` is row-major `[n, dim]` (as
 * `BruteForceIndex.matrix()` returns); `blockRows` bounds the `[queries, blockRows]` score matrix held
 * at once. Ties go to the lower label, like {@link topK}.
 */
export function exactSearchBatch(queries: Float32Array[], matrix: Float32Array, dim: number, k: number, blockRows = 32_768): IndexHit[][] {
  const n = matrix.length / dim;
  assertK(k, n);
  for (const q of queries) assertDim(q.length, dim, 'query');
  const best: IndexHit[][] = queries.map(() => []);
  const flatQ = new Float32Array(queries.length * dim);
  queries.forEach((q, i) => flatQ.set(q, i * dim));
  const qT = tf.tensor2d(flatQ, [queries.length, dim]);
  try {
    for (let from = 0; from < n; from += blockRows) {
      const rows = Math.min(blockRows, n - from);
      const kk = Math.min(k, rows);
      const { values, indices } = tf.tidy(() => {
        const block = tf.tensor2d(matrix.subarray(from * dim, (from + rows) * dim), [rows, dim]);
        return tf.topk(tf.matMul(qT, block, false, true), kk, true);
      });
      const v = values.dataSync();
      const ix = indices.dataSync();
      values.dispose();
      indices.dispose();
      for (let q = 0; q < queries.length; q++) {
        const merged = best[q]!;
        for (let j = 0; j < kk; j++) merged.push({ label: from + (ix[q * kk + j] as number), score: v[q * kk + j] as number });
        merged.sort((a, b) => b.score - a.score || a.label - b.label);
        merged.length = Math.min(merged.length, k);
      }
    }
  } finally {
    qT.dispose();
  }
  return best;
}

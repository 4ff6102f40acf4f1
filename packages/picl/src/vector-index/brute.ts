import { assertDim, assertK, PiclError } from '../errors.js';
import { exactSearchBatch } from './exact-batch.js';
import { topK, type IndexHit } from './topk.js';
import type { VectorIndex } from './types.js';

/**
 * Exact inner-product search over every stored vector: the ground truth for approximate indexes.
 * Many queries at once go through {@link searchBatch} (blocked matrix products on tfjs-wasm, see
 * {@link exactSearchBatch}); {@link search} scores one query in plain JavaScript (float64 sums), the
 * reference the batched path is tested against.
 */
export class BruteForceIndex implements VectorIndex {
  readonly kind = 'brute';
  readonly dim: number;
  private data: Float32Array;
  private n = 0;

  constructor(dim: number, vectors: Float32Array[] = []) {
    if (!Number.isInteger(dim) || dim < 1) throw new PiclError('LMKIT_BAD_ARGUMENT', `dimension must be a positive integer, got ${dim}`);
    this.dim = dim;
    this.data = new Float32Array(Math.max(16, vectors.length) * dim);
    this.add(vectors);
  }

  size(): number {
    return this.n;
  }

  add(vectors: Float32Array[]): void {
    for (const v of vectors) assertDim(v.length, this.dim, 'vector');
    const need = (this.n + vectors.length) * this.dim;
    if (need > this.data.length) {
      const grown = new Float32Array(Math.max(need, this.data.length * 2));
      grown.set(this.data.subarray(0, this.n * this.dim));
      this.data = grown;
    }
    for (const v of vectors) this.data.set(v, this.n++ * this.dim);
  }

  /** Inner products of `query` with every stored vector. */
  scores(query: Float32Array): Float32Array {
    assertDim(query.length, this.dim, 'query');
    const out = new Float32Array(this.n);
    const d = this.dim;
    for (let i = 0; i < this.n; i++) {
      let s = 0;
      const off = i * d;
      for (let j = 0; j < d; j++) s += (this.data[off + j] as number) * (query[j] as number);
      out[i] = s;
    }
    return out;
  }

  search(query: Float32Array, k: number): IndexHit[] {
    assertK(k, this.n);
    return topK(this.scores(query), k);
  }

  /** Like {@link search} but leaves out `exclude` (e.g. the query's own label). */
  searchExcluding(query: Float32Array, k: number, exclude: number): IndexHit[] {
    assertK(k, this.n - (exclude >= 0 && exclude < this.n ? 1 : 0));
    return topK(this.scores(query), k, exclude);
  }

  /**
   * The `k` nearest vectors of every query at once, as blocked matrix products on the active tfjs
   * backend ({@link exactSearchBatch}); `exclude[i]` (optional) is a label to leave out for query i.
   */
  searchBatch(queries: Float32Array[], k: number, exclude?: ArrayLike<number>): IndexHit[][] {
    return exactSearchBatch(queries, this.matrix(), this.dim, k, exclude ? { exclude } : {});
  }

  vector(label: number): Float32Array {
    if (!Number.isInteger(label) || label < 0 || label >= this.n) throw new PiclError('LMKIT_BAD_ARGUMENT', `no vector with label ${label} (size ${this.n})`);
    return this.data.slice(label * this.dim, (label + 1) * this.dim);
  }

  /** All vectors, row-major `[size, dim]` (a view; do not modify). */
  matrix(): Float32Array {
    return this.data.subarray(0, this.n * this.dim);
  }
}

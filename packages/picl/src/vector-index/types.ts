import type { IndexHit } from './topk.js';

/**
 * A vector index over unit vectors scored by inner product. Implementations: {@link BruteForceIndex}
 * (exact, browser-safe) and `HnswIndex` (approximate, `@lmkit/picl/node`); an adapter for another
 * engine implements the same five operations.
 */
export interface VectorIndex {
  /** `brute` or `hnsw` (or an adapter's name). */
  readonly kind: string;
  /** Vector dimension. */
  readonly dim: number;
  /** Number of vectors. */
  size(): number;
  /** Appends vectors; their labels are `size()` … `size() + n − 1`. Throws `LMKIT_DIM_MISMATCH`. */
  add(vectors: Float32Array[]): void;
  /** The `k` nearest vectors to `query`, best first. Throws `LMKIT_K_TOO_LARGE` when `k > size()`. */
  search(query: Float32Array, k: number): IndexHit[];
  /** The stored vector of `label` (a copy). */
  vector(label: number): Float32Array;
}

export type { IndexHit };

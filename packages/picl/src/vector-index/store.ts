import { BruteForceIndex } from './brute.js';
import type { IndexHit } from './topk.js';
import type { VectorIndex } from './types.js';

/**
 * A vector store: the asynchronous face of a {@link VectorIndex}, so an engine that works through
 * disk or a server (LanceDB) stands beside the in-memory ones (hnswlib-node, exact search) behind one
 * interface. Labels are insertion positions, hits are the same {@link IndexHit}s, best first.
 */
export interface VectorStore {
  /** `hnsw`, `exact`, `lancedb`, … */
  readonly kind: string;
  readonly dim: number;
  /** Number of vectors. */
  size(): number;
  /** Appends vectors (labels `size()` … `size() + n − 1`); resolves once they are stored. */
  add(vectors: Float32Array[]): Promise<void>;
  /** The `k` nearest vectors to `query` by inner product, best first. */
  search(query: Float32Array, k: number): Promise<IndexHit[]>;
  /** {@link search} for many queries (an engine may batch them). */
  searchMany(queries: Float32Array[], k: number): Promise<IndexHit[][]>;
}

/**
 * Wraps an in-memory {@link VectorIndex} (HNSW or exact) as a {@link VectorStore}. The exact store
 * answers `searchMany` with one batched search ({@link BruteForceIndex.searchBatch}).
 */
export function storeFromIndex(index: VectorIndex): VectorStore {
  return {
    kind: index.kind === 'brute' ? 'exact' : index.kind,
    dim: index.dim,
    size: () => index.size(),
    add: async (vectors) => index.add(vectors),
    search: async (query, k) => index.search(query, k),
    searchMany: async (queries, k) => (index instanceof BruteForceIndex ? index.searchBatch(queries, k) : queries.map((q) => index.search(q, k))),
  };
}

/** Fraction of the exact top-k labels an approximate search found, over all queries (recall@k). */
export function recallAtK(approx: readonly IndexHit[][], exact: readonly IndexHit[][]): number {
  let found = 0;
  let total = 0;
  exact.forEach((truth, i) => {
    const got = new Set((approx[i] ?? []).map((h) => h.label));
    for (const h of truth) found += got.has(h.label) ? 1 : 0;
    total += truth.length;
  });
  return total === 0 ? 1 : found / total;
}

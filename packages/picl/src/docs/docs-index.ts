import { Bm25Index } from '../encode/bm25.js';
import { PiclError } from '../errors.js';
import type { IndexHit } from '../vector-index/topk.js';
import { BruteForceIndex } from '../vector-index/brute.js';

/** A small, self-contained search index for web pages (plain JSON, no native code, no word vectors). */
export interface DocsIndexJSON {
  kind: 'picl-docs-index';
  version: 1;
  /** Paragraphs with their task (shown to readers; never used for retrieval). */
  paragraphs: { id: string; text: string; task: string }[];
  /** BM25 postings over the paragraphs: query-time search in the browser. */
  bm25: ReturnType<Bm25Index['toJSON']>;
  /** Optional precomputed vectors (e.g. the trained retriever's), row-major, rounded. */
  vectors?: { encoder: string; dim: number; values: number[] };
}

/** One docs search result. */
export interface DocsHit {
  id: string;
  text: string;
  task: string;
  score: number;
}

/**
 * Loads a {@link DocsIndexJSON} in the browser: BM25 search over typed queries, and (when the file
 * carries vectors) exact nearest paragraphs of a paragraph by the precomputed embeddings.
 */
export class DocsIndex {
  private readonly bm25: Bm25Index;
  private readonly dense: BruteForceIndex | null;
  readonly paragraphs: DocsIndexJSON['paragraphs'];
  readonly encoder: string | null;

  constructor(json: DocsIndexJSON) {
    if (json?.kind !== 'picl-docs-index') throw new PiclError('LMKIT_BAD_DATA', 'not a PICL docs index (kind must be "picl-docs-index")');
    this.paragraphs = json.paragraphs;
    this.bm25 = Bm25Index.fromJSON(json.bm25);
    if (json.vectors) {
      const { dim, values } = json.vectors;
      const rows: Float32Array[] = [];
      for (let i = 0; i < json.paragraphs.length; i++) rows.push(Float32Array.from(values.slice(i * dim, (i + 1) * dim)));
      this.dense = new BruteForceIndex(dim, rows);
      this.encoder = json.vectors.encoder;
    } else {
      this.dense = null;
      this.encoder = null;
    }
  }

  private hits(hits: IndexHit[]): DocsHit[] {
    return hits.map((h) => ({ ...this.paragraphs[h.label]!, score: h.score }));
  }

  /** BM25 search with a typed query (k is capped at the index size). */
  search(query: string, k = 10): DocsHit[] {
    return this.hits(this.bm25.search(query, Math.min(k, this.paragraphs.length)).filter((h) => h.score > 0));
  }

  /** The k nearest other paragraphs of paragraph `position` by the stored vectors (BM25 when there are none). */
  neighbours(position: number, k = 10): DocsHit[] {
    const kk = Math.min(k, this.paragraphs.length - 1);
    if (this.dense) return this.hits(this.dense.searchExcluding(this.dense.vector(position), kk, position));
    return this.hits(this.bm25.search(this.paragraphs[position]!.text, kk, position));
  }
}

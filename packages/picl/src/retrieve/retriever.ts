import { Rng } from '@lmkit/tensor';
import { Bm25Index } from '../encode/bm25.js';
import type { Encoder } from '../encode/types.js';
import { assertK, assertNonEmpty } from '../errors.js';
import { BruteForceIndex } from '../vector-index/brute.js';
import type { IndexHit } from '../vector-index/topk.js';
import type { VectorIndex } from '../vector-index/types.js';

/**
 * Finds, for a paragraph of a fixed collection, its most similar other paragraphs. Positions are
 * indices into the collection the retriever was built over; scores are higher-is-closer.
 */
export interface ParagraphRetriever {
  /** `trained`, `glove`, `bm25`, `random`. */
  readonly name: string;
  /** Number of paragraphs. */
  readonly size: number;
  /** The `k` nearest other paragraphs of paragraph `position`, best first. */
  neighbours(position: number, k: number): IndexHit[];
}

/** Dense retrieval: embeds every paragraph once and searches an index (exact by default). */
export class DenseRetriever implements ParagraphRetriever {
  readonly name: string;
  readonly index: VectorIndex;
  constructor(encoder: Encoder, texts: string[], index?: VectorIndex) {
    assertNonEmpty(texts.length, 'the paragraph collection');
    this.name = encoder.name;
    this.index = index ?? new BruteForceIndex(encoder.dim);
    if (this.index.size() === 0) this.index.add(encoder.embed(texts));
  }

  /** A retriever over an index that already holds the paragraphs' vectors. */
  static fromIndex(name: string, index: VectorIndex): DenseRetriever {
    assertNonEmpty(index.size(), 'the index');
    const r = Object.create(DenseRetriever.prototype) as DenseRetriever;
    Object.assign(r, { name, index });
    return r;
  }
  get size(): number {
    return this.index.size();
  }
  neighbours(position: number, k: number): IndexHit[] {
    assertK(k, this.size - 1);
    const q = this.index.vector(position);
    if (this.index instanceof BruteForceIndex) return this.index.searchExcluding(q, k, position);
    return this.index
      .search(q, Math.min(this.size, k + 1))
      .filter((h) => h.label !== position)
      .slice(0, k);
  }
}

/** BM25 retrieval with the paragraph itself as the query. */
export class Bm25Retriever implements ParagraphRetriever {
  readonly name = 'bm25';
  readonly index: Bm25Index;
  constructor(private readonly texts: string[], index?: Bm25Index) {
    assertNonEmpty(texts.length, 'the paragraph collection');
    this.index = index ?? Bm25Index.fromTexts(texts);
  }
  get size(): number {
    return this.texts.length;
  }
  neighbours(position: number, k: number): IndexHit[] {
    return this.index.search(this.texts[position] as string, k, position);
  }
}

/** Random "retrieval" (the ablation's baseline): k distinct other paragraphs, deterministic per position. */
export class RandomRetriever implements ParagraphRetriever {
  readonly name = 'random';
  constructor(readonly size: number, private readonly seed = 0) {
    assertNonEmpty(size, 'the paragraph collection');
  }
  neighbours(position: number, k: number): IndexHit[] {
    assertK(k, this.size - 1);
    const rng = new Rng((this.seed * 7919 + position * 104_729) >>> 0);
    const picked = new Set<number>();
    const out: IndexHit[] = [];
    while (out.length < k) {
      const j = rng.int(this.size);
      if (j === position || picked.has(j)) continue;
      picked.add(j);
      out.push({ label: j, score: -out.length });
    }
    return out;
  }
}

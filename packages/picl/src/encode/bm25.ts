import { assertK, assertNonEmpty } from '../errors.js';
import { topK, type IndexHit } from '../vector-index/topk.js';
import { wordTokens } from '../text/tokenize.js';
import { isWordToken } from './glove.js';

/** BM25 parameters. */
export interface Bm25Options {
  /** Term-frequency saturation. Default 1.2. */
  k1?: number;
  /** Length normalisation. Default 0.75. */
  b?: number;
}

/** Content tokens BM25 indexes (lower-cased words, no punctuation). */
export function bm25Terms(text: string): string[] {
  return wordTokens(text).filter(isWordToken);
}

/**
 * Okapi BM25 over an inverted index (the sparse baseline of PICL's retriever ablation):
 * score(q, d) = Σ_{t ∈ q} idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·|d|/avgdl)),
 * idf(t) = ln(1 + (N − df + 0.5)/(df + 0.5)). Exact; browser-safe.
 */
export class Bm25Index {
  readonly k1: number;
  readonly b: number;
  private readonly postings = new Map<string, { docs: number[]; tfs: number[] }>();
  private readonly lengths: number[] = [];
  private totalLength = 0;

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  /** Builds an index over `texts` (labels 0 … n−1). */
  static fromTexts(texts: string[], options: Bm25Options = {}): Bm25Index {
    const idx = new Bm25Index(options);
    idx.add(texts);
    return idx;
  }

  /** Number of documents. */
  size(): number {
    return this.lengths.length;
  }

  /** Appends documents; labels continue from `size()`. */
  add(texts: string[]): void {
    for (const text of texts) {
      const doc = this.lengths.length;
      const terms = bm25Terms(text);
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      for (const [t, n] of tf) {
        let p = this.postings.get(t);
        if (!p) this.postings.set(t, (p = { docs: [], tfs: [] }));
        p.docs.push(doc);
        p.tfs.push(n);
      }
      this.lengths.push(terms.length);
      this.totalLength += terms.length;
    }
  }

  /** idf of a term (0 for an unknown term). */
  idf(term: string): number {
    const df = this.postings.get(term)?.docs.length ?? 0;
    if (df === 0) return 0;
    const n = this.size();
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** BM25 score of `query` against every document. */
  scores(query: string): Float64Array {
    const n = this.size();
    const out = new Float64Array(n);
    const avgdl = this.totalLength / Math.max(1, n);
    for (const t of bm25Terms(query)) {
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = this.idf(t);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i] as number;
        const tf = p.tfs[i] as number;
        const norm = this.k1 * (1 - this.b + (this.b * (this.lengths[d] as number)) / (avgdl || 1));
        out[d] = (out[d] as number) + (idf * tf * (this.k1 + 1)) / (tf + norm);
      }
    }
    return out;
  }

  /** The `k` best documents for `query`, optionally leaving out one label. */
  search(query: string, k: number, exclude = -1): IndexHit[] {
    assertNonEmpty(this.size(), 'the BM25 index');
    assertK(k, this.size() - (exclude >= 0 && exclude < this.size() ? 1 : 0));
    return topK(this.scores(query), k, exclude);
  }

  /** Plain-data form (for JSON files and the docs site). */
  toJSON(): { kind: 'bm25'; k1: number; b: number; lengths: number[]; postings: Record<string, [number[], number[]]> } {
    const postings: Record<string, [number[], number[]]> = {};
    for (const [t, p] of this.postings) postings[t] = [p.docs, p.tfs];
    return { kind: 'bm25', k1: this.k1, b: this.b, lengths: [...this.lengths], postings };
  }

  /** Inverse of {@link toJSON}. */
  static fromJSON(data: { k1: number; b: number; lengths: number[]; postings: Record<string, [number[], number[]]> }): Bm25Index {
    const idx = new Bm25Index({ k1: data.k1, b: data.b });
    idx.lengths.push(...data.lengths);
    idx.totalLength = data.lengths.reduce((a, x) => a + x, 0);
    for (const [t, [docs, tfs]] of Object.entries(data.postings)) idx.postings.set(t, { docs: [...docs], tfs: [...tfs] });
    return idx;
  }
}

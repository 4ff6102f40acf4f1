/**
 * A small retrieval index for the docs demo: hashed bag-of-words vectors (unigrams and bigrams,
 * sublinear tf, L2-normalised) searched exhaustively by cosine similarity. The index is a JSON file
 * built by scripts/prepare.ts; @lmkit/picl's own encoder replaces this once it ships a browser one.
 */
export interface RetrievalIndex {
  /** Where the paragraphs and the encoder come from. */
  source: string;
  encoder: string;
  dim: number;
  paragraphs: string[];
  /** One vector per paragraph, rounded to 4 decimals. */
  vectors: number[][];
}

export interface Hit {
  rank: number;
  index: number;
  score: number;
  text: string;
}

const STOP = new Set('the a an and or of to in on at is was it that this with as for by be he she his her i you we they from but not'.split(' '));

/** Lower-cased word tokens without stop words. */
export function tokens(text: string): string[] {
  return (text.toLowerCase().match(/[a-z][a-z']+/g) ?? []).filter((t) => !STOP.has(t));
}

function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashed unigram+bigram vector of a text, L2-normalised (all zeros for a text with no words). */
export function embed(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const t = tokens(text);
  const feats = [...t, ...t.slice(1).map((w, i) => `${t[i]}_${w}`)];
  const counts = new Map<number, number>();
  for (const f of feats) {
    const h = hash(f);
    const slot = h % dim;
    const sign = (h >>> 31) === 0 ? 1 : -1;
    counts.set(slot * 2 + (sign > 0 ? 0 : 1), (counts.get(slot * 2 + (sign > 0 ? 0 : 1)) ?? 0) + 1);
  }
  for (const [key, c] of counts) v[key >> 1]! += (key & 1 ? -1 : 1) * (1 + Math.log(c));
  const n = Math.hypot(...v);
  return n > 0 ? v.map((x) => x / n) : v;
}

/** The k paragraphs most similar to the query (exact search), best first. */
export function search(index: RetrievalIndex, query: string, k: number): Hit[] {
  const q = embed(query, index.dim);
  const scored = index.vectors.map((vec, i) => ({ i, s: vec.reduce((acc, x, j) => acc + x * q[j]!, 0) }));
  scored.sort((a, b) => b.s - a.s || a.i - b.i);
  return scored.slice(0, k).map((h, r) => ({ rank: r + 1, index: h.i, score: h.s, text: index.paragraphs[h.i]! }));
}

/** Builds an index over paragraphs. */
export function buildIndex(paragraphs: string[], dim: number, source: string): RetrievalIndex {
  return {
    source,
    encoder: `hashed unigram+bigram bag of words, ${dim} dimensions`,
    dim,
    paragraphs,
    vectors: paragraphs.map((p) => embed(p, dim).map((x) => Math.round(x * 1e4) / 1e4)),
  };
}

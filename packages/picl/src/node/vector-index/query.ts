import { MeanGloveEncoder } from '../../encode/glove.js';
import { TrainedEncoder } from '../../encode/trained.js';
import type { Encoder } from '../../encode/types.js';
import { Bm25Index } from '../../encode/bm25.js';
import { assertK } from '../../errors.js';
import type { VectorIndex } from '../../vector-index/types.js';
import { loadGlove, type LoadGloveOptions } from '../glove/cache.js';
import type { StoredIndex } from './file.js';
import { Bm25Retriever, DenseRetriever, type ParagraphRetriever } from '../../retrieve/retriever.js';

/** A paragraph retriever over the paragraphs of a stored index (neighbours by stored vectors or BM25). */
export function retrieverForStored(stored: StoredIndex): ParagraphRetriever {
  if (stored.index instanceof Bm25Index) return new Bm25Retriever(stored.items.texts, stored.index);
  return DenseRetriever.fromIndex(stored.encoder.name, stored.index as VectorIndex);
}

/** One search result with its paragraph. */
export interface SearchHit {
  rank: number;
  id: string;
  score: number;
  text: string;
}

/** The encoder that embeds queries for a stored index (loads GloVe when needed). */
export function queryEncoder(stored: StoredIndex, glove?: LoadGloveOptions): Encoder | null {
  if (stored.encoder.name === 'bm25') return null;
  const table = loadGlove(glove);
  return stored.encoder.name === 'trained' && stored.encoder.trained ? TrainedEncoder.fromJSON(table, stored.encoder.trained) : new MeanGloveEncoder(table);
}

/** Searches a stored index with a text query. Throws `LMKIT_K_TOO_LARGE` when k exceeds the index. */
export function searchStored(stored: StoredIndex, query: string, k: number, encoder: Encoder | null): SearchHit[] {
  assertK(k, stored.index.size());
  const hits =
    stored.index instanceof Bm25Index ? stored.index.search(query, k) : (stored.index as VectorIndex).search((encoder as Encoder).embed([query])[0]!, k);
  return hits.map((h, i) => ({ rank: i + 1, id: stored.items.ids[h.label]!, score: h.score, text: stored.items.texts[h.label]! }));
}

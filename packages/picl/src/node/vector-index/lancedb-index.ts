import { resolve } from 'node:path';
import type { ProgressReporter } from '@lmkit/tensor';
import { silentProgress } from '@lmkit/tensor';
import type { Paragraph } from '../../corpus/types.js';
import type { Encoder } from '../../encode/types.js';
import { assertK, assertNonEmpty, PiclError } from '../../errors.js';
import type { ParagraphRetriever } from '../../retrieve/retriever.js';
import type { IndexHit } from '../../vector-index/topk.js';
import { encoderSpec } from './build.js';
import type { StoredIndex } from './file.js';
import { LanceStore, type LanceStoreOptions } from './lancedb-store.js';
import type { SearchHit } from './query.js';

/**
 * What an index file records about a LanceDB store: where the table is and how to search it. The
 * vectors stay in the table; {@link open} connects to it.
 */
export class LanceTableRef {
  readonly kind = 'lancedb';
  constructor(
    /** Absolute folder of the table. */
    readonly dir: string,
    readonly dim: number,
    /** Rows the table held when the index file was written. */
    readonly count: number,
    readonly options: LanceStoreOptions,
  ) {}

  size(): number {
    return this.count;
  }

  /** Opens the table; throws `LMKIT_BAD_INDEX` when it no longer holds the rows the index file lists. */
  async open(): Promise<LanceStore> {
    const store = await LanceStore.open(this.dir, this.dim, this.options);
    if (store.size() < this.count) {
      store.close();
      throw new PiclError('LMKIT_BAD_INDEX', `the LanceDB table in ${this.dir} holds ${store.size()} rows, the index file lists ${this.count}: rebuild it with \`lmkit picl index build --store lancedb:${this.dir}\``);
    }
    return store;
  }
}

/** Parses `--store`: `hnsw`, `exact`, or `lancedb:DIR`. Throws `LMKIT_BAD_ARGUMENT`. */
export function parseStore(text: string): { kind: 'hnsw' | 'brute' } | { kind: 'lancedb'; dir: string } {
  if (text === 'hnsw') return { kind: 'hnsw' };
  if (text === 'exact') return { kind: 'brute' };
  const m = /^lancedb:(.+)$/.exec(text);
  if (m) return { kind: 'lancedb', dir: resolve(m[1]!) };
  throw new PiclError('LMKIT_BAD_ARGUMENT', `--store must be hnsw, exact or lancedb:DIR (a folder for the Lance table), got "${text}"`);
}

/** Options of {@link buildLanceIndex}. */
export interface BuildLanceIndexOptions {
  encoder: Encoder;
  /** Folder of the Lance table. */
  dir: string;
  /** Index and search parameters. */
  lance?: LanceStoreOptions;
  /** Paragraphs embedded and committed per batch. Default 2048. */
  batchSize?: number;
  progress?: ProgressReporter;
}

/**
 * Embeds `paragraphs` into a Lance table batch by batch (each batch one commit), builds its vector
 * index, and returns what the index file stores (items, encoder, where the table is). A killed build resumes: rows already in the table are kept when their ids are the
 * corpus's first ids in order; a table of another corpus is refused (`LMKIT_BAD_ARGUMENT`).
 */
export async function buildLanceIndex(paragraphs: Paragraph[], options: BuildLanceIndexOptions): Promise<StoredIndex> {
  assertNonEmpty(paragraphs.length, 'the corpus');
  const { encoder } = options;
  const store = await LanceStore.open(options.dir, encoder.dim, { ...options.lance, create: true });
  try {
    const have = store.size();
    const ids = await store.ids(0, Math.min(have, paragraphs.length));
    if (have > paragraphs.length || ids.some((id, i) => id !== paragraphs[i]!.id)) {
      throw new PiclError('LMKIT_BAD_ARGUMENT', `${store.dir} holds a table of another corpus (${have} rows): remove it or choose another lancedb:DIR`);
    }
    const bs = options.batchSize ?? 2048;
    const progress = options.progress ?? silentProgress;
    progress.start(`embed + lancedb (${encoder.name})`, paragraphs.length);
    progress.tick(have, have ? `resumed at ${have}` : undefined);
    for (let i = have; i < paragraphs.length; i += bs) {
      const batch = paragraphs.slice(i, i + bs);
      await store.add(encoder.embed(batch.map((p) => p.text)), batch.map((p) => p.id));
      progress.tick(batch.length);
    }
    progress.done();
    await store.createIndex();
    return {
      encoder: encoderSpec(encoder),
      items: { ids: paragraphs.map((p) => p.id), texts: paragraphs.map((p) => p.text), positions: paragraphs.map((_, i) => i) },
      index: new LanceTableRef(store.dir, encoder.dim, store.size(), options.lance ?? {}),
    };
  } finally {
    store.close();
  }
}

/**
 * A {@link ParagraphRetriever} over a Lance table: the neighbours of the given positions are found
 * up front (the table is searched asynchronously, with each paragraph's stored vector as the query,
 * itself left out), then served like any other retriever's.
 */
export async function lanceRetriever(store: LanceStore, positions: readonly number[], k: number, batch = 256): Promise<ParagraphRetriever> {
  assertK(k, store.size() - 1);
  const found = new Map<number, IndexHit[]>();
  for (let i = 0; i < positions.length; i += batch) {
    const part = positions.slice(i, i + batch);
    const vectors = await Promise.all(part.map((p) => store.vector(p)));
    const hits = await store.searchMany(vectors, Math.min(store.size(), k + 1));
    part.forEach((p, j) => found.set(p, hits[j]!.filter((h) => h.label !== p).slice(0, k)));
  }
  return {
    name: 'lancedb',
    size: store.size(),
    neighbours(position: number, want: number): IndexHit[] {
      const hits = found.get(position);
      if (!hits || want > k) throw new PiclError('LMKIT_BAD_ARGUMENT', `neighbours of position ${position} (k = ${want}) were not looked up`);
      return hits.slice(0, want);
    },
  } as ParagraphRetriever;
}

/** {@link searchStored} for an index file whose vectors are in a LanceDB table (opens it, searches, closes it). */
export async function searchLance(stored: StoredIndex, query: string, k: number, encoder: Encoder): Promise<SearchHit[]> {
  const store = await (stored.index as LanceTableRef).open();
  try {
    const hits = await store.search(encoder.embed([query])[0]!, k);
    return hits.map((h, i) => ({ rank: i + 1, id: stored.items.ids[h.label]!, score: h.score, text: stored.items.texts[h.label]! }));
  } finally {
    store.close();
  }
}

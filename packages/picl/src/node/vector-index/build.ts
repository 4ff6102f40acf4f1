import type { ProgressReporter } from '@lmkit/tensor';
import { silentProgress } from '@lmkit/tensor';
import type { Paragraph } from '../../corpus/types.js';
import { Bm25Index } from '../../encode/bm25.js';
import { TrainedEncoder } from '../../encode/trained.js';
import type { Encoder } from '../../encode/types.js';
import { assertNonEmpty, PiclError } from '../../errors.js';
import { BruteForceIndex } from '../../vector-index/brute.js';
import type { VectorIndex } from '../../vector-index/types.js';
import { shardPositions, type Shard } from '@lmkit/tensor';
import { HnswIndex, type HnswOptions } from './hnsw.js';
import type { EncoderSpec, IndexItems, StoredIndex } from './file.js';

/** Options of {@link buildIndex}. */
export interface BuildIndexOptions {
  /** A dense encoder, or `bm25` for the sparse inverted index. */
  encoder: Encoder | 'bm25';
  /** Vector index kind. Default `hnsw`. */
  kind?: 'hnsw' | 'brute';
  /** Embed only this shard of the paragraphs (merge the shard files with {@link mergeIndexes}). */
  shard?: Shard;
  /** HNSW parameters. */
  hnsw?: HnswOptions;
  /** Paragraphs embedded per batch. Default 512. */
  batchSize?: number;
  progress?: ProgressReporter;
}

function emptyIndex(kind: 'hnsw' | 'brute', dim: number, n: number, hnsw?: HnswOptions): VectorIndex {
  return kind === 'hnsw' ? new HnswIndex(dim, hnsw, Math.max(16, n)) : new BruteForceIndex(dim);
}

/** How an index file records `encoder` (its name, and a trained encoder's weights). */
export function encoderSpec(encoder: Encoder | 'bm25'): EncoderSpec {
  if (encoder === 'bm25') return { name: 'bm25' };
  if (encoder instanceof TrainedEncoder) return { name: 'trained', trained: encoder.toJSON() };
  if (encoder.name !== 'glove') throw new PiclError('LMKIT_BAD_ARGUMENT', `index files support the glove, trained and bm25 encoders, not "${encoder.name}"`);
  return { name: 'glove' };
}

/** Embeds paragraphs (or one shard of them) and indexes them. Throws `LMKIT_EMPTY_CORPUS` on no paragraphs. */
export function buildIndex(paragraphs: Paragraph[], options: BuildIndexOptions): StoredIndex {
  assertNonEmpty(paragraphs.length, 'the corpus');
  const positions = shardPositions(paragraphs.length, options.shard);
  const items: IndexItems = { ids: [], texts: [], positions };
  for (const p of positions) {
    items.ids.push(paragraphs[p]!.id);
    items.texts.push(paragraphs[p]!.text);
  }
  const progress = options.progress ?? silentProgress;
  const shard = options.shard ? { shard: options.shard } : {};
  if (options.encoder === 'bm25') {
    progress.start('bm25 index', items.texts.length);
    const index = Bm25Index.fromTexts(items.texts);
    progress.tick(items.texts.length);
    progress.done();
    return { encoder: { name: 'bm25' }, items, index, ...shard };
  }
  const encoder = options.encoder;
  const index = emptyIndex(options.kind ?? 'hnsw', encoder.dim, positions.length, options.hnsw);
  const bs = options.batchSize ?? 512;
  progress.start(`embed + index (${encoder.name})`, items.texts.length);
  for (let i = 0; i < items.texts.length; i += bs) {
    const batch = items.texts.slice(i, i + bs);
    index.add(encoder.embed(batch));
    progress.tick(batch.length);
  }
  progress.done();
  return { encoder: encoderSpec(encoder), items, index, ...shard };
}

/**
 * Merges shard indexes back into one, in corpus order: the result holds the same items and the same
 * vectors as an unsharded build, so exact search gives identical results.
 */
export function mergeIndexes(parts: StoredIndex[], options: { kind?: 'hnsw' | 'brute'; hnsw?: HnswOptions } = {}): StoredIndex {
  assertNonEmpty(parts.length, 'the list of shard indexes');
  const name = parts[0]!.encoder.name;
  if (parts.some((p) => p.encoder.name !== name)) throw new PiclError('LMKIT_BAD_ARGUMENT', 'shards were built with different encoders: rebuild them with the same --encoder');
  const rows: { pos: number; id: string; text: string; part: number; label: number }[] = [];
  parts.forEach((p, part) => p.items.ids.forEach((id, label) => rows.push({ pos: p.items.positions[label]!, id, text: p.items.texts[label]!, part, label })));
  rows.sort((a, b) => a.pos - b.pos);
  for (let i = 1; i < rows.length; i++) if (rows[i]!.pos === rows[i - 1]!.pos) throw new PiclError('LMKIT_BAD_ARGUMENT', `two shards hold corpus position ${rows[i]!.pos}: merge each shard once`);
  const items: IndexItems = { ids: rows.map((r) => r.id), texts: rows.map((r) => r.text), positions: rows.map((r) => r.pos) };
  if (name === 'bm25') return { encoder: parts[0]!.encoder, items, index: Bm25Index.fromTexts(items.texts) };
  const first = parts[0]!.index as VectorIndex;
  const kind = options.kind ?? (first.kind === 'brute' ? 'brute' : 'hnsw');
  const index = emptyIndex(kind, first.dim, rows.length, options.hnsw ?? (first instanceof HnswIndex ? first.options : undefined));
  index.add(rows.map((r) => (parts[r.part]!.index as VectorIndex).vector(r.label)));
  return { encoder: parts[0]!.encoder, items, index };
}

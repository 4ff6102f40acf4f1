import { existsSync, readFileSync } from 'node:fs';
import type { TrainedEncoderJSON } from '../../encode/trained.js';
import { Bm25Index } from '../../encode/bm25.js';
import { PiclError } from '../../errors.js';
import { BruteForceIndex } from '../../vector-index/brute.js';
import { crc32 } from '../../vector-index/crc32.js';
import type { VectorIndex } from '../../vector-index/types.js';
import type { Shard } from '@lmkit/tensor';
import { writeFileAtomicSync } from '../atomic.js';
import { HnswIndex, type HnswOptions } from './hnsw.js';
import { LanceTableRef } from './lancedb-index.js';
import type { LanceStoreOptions } from './lancedb-store.js';

const MAGIC = 'LMKITIX1';

/** The paragraphs an index holds, in label order. */
export interface IndexItems {
  ids: string[];
  texts: string[];
  /** Position of each item in the whole corpus (lets shard files merge back in corpus order). */
  positions: number[];
}

/** How queries are embedded: the encoder's name and, for `trained`, its weights. */
export interface EncoderSpec {
  name: 'glove' | 'trained' | 'bm25';
  trained?: TrainedEncoderJSON;
}

/** Everything an index file holds. */
export interface StoredIndex {
  encoder: EncoderSpec;
  items: IndexItems;
  /** A vector index (`brute` or `hnsw`), BM25's inverted index, or where a LanceDB table holds the vectors. */
  index: VectorIndex | Bm25Index | LanceTableRef;
  /** The shard this file covers, when built with `--shard`. */
  shard?: Shard;
}

interface Header {
  format: typeof MAGIC;
  kind: 'brute' | 'hnsw' | 'bm25' | 'lancedb';
  dim: number;
  count: number;
  encoder: { name: EncoderSpec['name'] };
  shard?: Shard;
  hnsw?: HnswOptions;
  lancedb?: { dir: string; options: LanceStoreOptions };
  payloads: { name: string; bytes: number; crc32: number }[];
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/**
 * Saves an index file atomically (temp file + rename): magic `LMKITIX1`, a JSON header, then
 * payloads (items, vectors, HNSW graph or BM25 postings, trained weights), each with a CRC-32.
 */
export function saveIndexFile(path: string, stored: StoredIndex): void {
  const { index, items } = stored;
  const count = index.size();
  if (items.ids.length !== count) throw new PiclError('LMKIT_BAD_ARGUMENT', `index has ${count} vectors but ${items.ids.length} items`);
  const payloads: [string, Uint8Array][] = [['items', utf8(JSON.stringify(items))]];
  let kind: Header['kind'];
  let dim = 0;
  let hnsw: HnswOptions | undefined;
  let lancedb: Header['lancedb'];
  if (index instanceof LanceTableRef) {
    kind = 'lancedb';
    dim = index.dim;
    lancedb = { dir: index.dir, options: index.options };
  } else if (index instanceof Bm25Index) {
    kind = 'bm25';
    payloads.push(['bm25', utf8(JSON.stringify(index.toJSON()))]);
  } else {
    dim = index.dim;
    const m = index instanceof BruteForceIndex || index instanceof HnswIndex ? index.matrix() : concat(index);
    payloads.push(['vectors', new Uint8Array(m.buffer, m.byteOffset, m.byteLength)]);
    if (index instanceof HnswIndex) {
      kind = 'hnsw';
      hnsw = index.options;
      payloads.push(['hnsw', index.graphBytes()]);
    } else kind = 'brute';
  }
  if (stored.encoder.trained) payloads.push(['encoder', utf8(JSON.stringify(stored.encoder.trained))]);
  const header: Header = {
    format: MAGIC,
    kind,
    dim,
    count,
    encoder: { name: stored.encoder.name },
    ...(stored.shard ? { shard: stored.shard } : {}),
    ...(hnsw ? { hnsw } : {}),
    ...(lancedb ? { lancedb } : {}),
    payloads: payloads.map(([name, b]) => ({ name, bytes: b.byteLength, crc32: crc32(b) })),
  };
  const head = utf8(JSON.stringify(header));
  const total = 8 + 4 + head.byteLength + payloads.reduce((a, [, b]) => a + b.byteLength, 0);
  const out = new Uint8Array(total);
  out.set(utf8(MAGIC), 0);
  new DataView(out.buffer).setUint32(8, head.byteLength, true);
  out.set(head, 12);
  let off = 12 + head.byteLength;
  for (const [, b] of payloads) {
    out.set(b, off);
    off += b.byteLength;
  }
  writeFileAtomicSync(path, out);
}

function concat(index: VectorIndex): Float32Array {
  const m = new Float32Array(index.size() * index.dim);
  for (let i = 0; i < index.size(); i++) m.set(index.vector(i), i * index.dim);
  return m;
}

function corrupt(path: string, why: string): PiclError {
  return new PiclError('LMKIT_BAD_INDEX', `index file ${path} is truncated or corrupt (${why}): rebuild it with \`lmkit picl index build\``);
}

/**
 * Loads an index file written by {@link saveIndexFile}. Throws `LMKIT_MISSING_FILE` when absent and
 * `LMKIT_BAD_INDEX` when truncated, damaged or not an index file.
 */
export function loadIndexFile(path: string): StoredIndex {
  if (!existsSync(path)) throw new PiclError('LMKIT_MISSING_FILE', `index file ${path} does not exist: build it with \`lmkit picl index build --out ${path}\``);
  const buf = readFileSync(path);
  if (buf.byteLength < 12 || buf.toString('latin1', 0, 8) !== MAGIC) throw corrupt(path, 'not an lmkit index file');
  const headLen = buf.readUInt32LE(8);
  if (12 + headLen > buf.byteLength) throw corrupt(path, 'header cut short');
  let header: Header;
  try {
    header = JSON.parse(buf.toString('utf8', 12, 12 + headLen)) as Header;
  } catch {
    throw corrupt(path, 'unreadable header');
  }
  const parts = new Map<string, Uint8Array>();
  let off = 12 + headLen;
  for (const p of header.payloads ?? []) {
    if (off + p.bytes > buf.byteLength) throw corrupt(path, `payload "${p.name}" cut short: ${buf.byteLength - off} of ${p.bytes} bytes`);
    const b = new Uint8Array(buf.buffer, buf.byteOffset + off, p.bytes);
    if (crc32(b) !== p.crc32) throw corrupt(path, `payload "${p.name}" fails its checksum`);
    parts.set(p.name, b);
    off += p.bytes;
  }
  if (off !== buf.byteLength) throw corrupt(path, `${buf.byteLength - off} unexpected trailing bytes`);
  const text = (name: string): string => new TextDecoder().decode(parts.get(name));
  const items = JSON.parse(text('items')) as IndexItems;
  let index: StoredIndex['index'];
  if (header.kind === 'lancedb') index = new LanceTableRef(header.lancedb?.dir ?? '', header.dim, header.count, header.lancedb?.options ?? {});
  else if (header.kind === 'bm25') index = Bm25Index.fromJSON(JSON.parse(text('bm25')));
  else {
    const raw = parts.get('vectors') as Uint8Array;
    const vectors = new Float32Array(raw.slice().buffer);
    if (vectors.length !== header.count * header.dim) throw corrupt(path, 'vector payload has the wrong size');
    if (header.kind === 'hnsw') index = HnswIndex.restore(header.dim, header.hnsw ?? {}, vectors, parts.get('hnsw') as Uint8Array);
    else {
      const b = new BruteForceIndex(header.dim);
      const rows: Float32Array[] = [];
      for (let i = 0; i < header.count; i++) rows.push(vectors.subarray(i * header.dim, (i + 1) * header.dim));
      b.add(rows);
      index = b;
    }
  }
  const encoder: EncoderSpec = { name: header.encoder.name };
  if (parts.has('encoder')) encoder.trained = JSON.parse(text('encoder')) as TrainedEncoderJSON;
  return { encoder, items, index, ...(header.shard ? { shard: header.shard } : {}) };
}

import { Rng } from '@lmkit/tensor';
import type { DocsIndexJSON } from '../docs/docs-index.js';
import { Bm25Index } from '../encode/bm25.js';
import type { Encoder } from '../encode/types.js';
import { writeFileAtomicSync } from './atomic.js';
import { buildPiclCorpus } from './corpus/build.js';

/** Options of {@link buildDocsIndex}. */
export interface DocsIndexOptions {
  /** Paragraphs in the index, sampled evenly over tasks. Default 2000. */
  paragraphs?: number;
  /** Precompute vectors with this encoder (e.g. the trained retriever); omit for BM25 only. */
  encoder?: Encoder;
  /** Digits kept of each vector value. Default 3. */
  digits?: number;
  seed?: number;
}

/** A small docs-site index over the built-in corpus (BM25 postings, optional precomputed vectors). */
export function buildDocsIndex(options: DocsIndexOptions = {}): DocsIndexJSON {
  const corpus = buildPiclCorpus({ glossesPerTopic: 40, mailsPerClass: 100, speeches: 20, chapters: 20, reviewsPerDomain: 300 });
  const n = options.paragraphs ?? 2000;
  const byTask = new Map<string, number[]>();
  corpus.paragraphs.forEach((p, i) => {
    const t = corpus.labels.get(p.id)!.task;
    byTask.set(t, [...(byTask.get(t) ?? []), i]);
  });
  const rng = new Rng(options.seed ?? 0);
  const lists = [...byTask.values()].map((l) => rng.shuffle([...l]));
  const picked: number[] = [];
  for (let r = 0; picked.length < n && lists.some((l) => r < l.length); r++) for (const l of lists) if (r < l.length && picked.length < n) picked.push(l[r]!);
  picked.sort((a, b) => a - b);
  const paragraphs = picked.map((i) => {
    const p = corpus.paragraphs[i]!;
    return { id: p.id, text: p.text, task: corpus.labels.get(p.id)!.task };
  });
  const json: DocsIndexJSON = { kind: 'picl-docs-index', version: 1, paragraphs, bm25: Bm25Index.fromTexts(paragraphs.map((p) => p.text)).toJSON() };
  if (options.encoder) {
    const scale = 10 ** (options.digits ?? 3);
    const values = options.encoder.embed(paragraphs.map((p) => p.text)).flatMap((v) => Array.from(v, (x) => Math.round(x * scale) / scale));
    json.vectors = { encoder: options.encoder.name, dim: options.encoder.dim, values };
  }
  return json;
}

/** Writes {@link buildDocsIndex}'s JSON atomically to `path`. */
export function writeDocsIndex(path: string, options: DocsIndexOptions = {}): DocsIndexJSON {
  const json = buildDocsIndex(options);
  writeFileAtomicSync(path, JSON.stringify(json));
  return json;
}

import { Rng } from '@lmkit/tensor';
import { SEP } from './tokens.js';

/**
 * Token stream of plain text: documents in a seeded random order, each document's paragraphs in
 * their own order, `<sep>` before every paragraph (how a plain corpus reads: VanillaICL).
 */
export function plainStream(documents: readonly (readonly number[][])[], seed: number): Int32Array {
  const order = new Rng(seed).shuffle(documents.map((_, i) => i));
  const out: number[] = [];
  for (const d of order) for (const p of documents[d] as number[][]) out.push(SEP, ...p);
  return Int32Array.from(out);
}

/** Token stream of instances (each `<sep> demo … <sep> query`, see `instanceParagraphs`) in a seeded random order. */
export function instanceStream(instances: readonly (readonly number[][])[], seed: number): Int32Array {
  const order = new Rng(seed).shuffle(instances.map((_, i) => i));
  const out: number[] = [];
  for (const i of order) for (const p of instances[i] as number[][]) out.push(SEP, ...p);
  return Int32Array.from(out);
}

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeDocsIndex } from '@lmkit/picl/node';
import { publicDir } from './paths.js';

/** How many paragraphs the demo index holds (kept small: the page downloads it). */
const PARAGRAPHS = 600;

/**
 * Writes docs/public/demo/retrieval-index.json with @lmkit/picl's docs index: paragraphs of the PICL
 * corpus sampled evenly over tasks, with BM25 postings for search in the browser.
 */
export function buildRetrievalIndex(): { paragraphs: number; tasks: number; bytes: number } {
  mkdirSync(join(publicDir, 'demo'), { recursive: true });
  const file = join(publicDir, 'demo', 'retrieval-index.json');
  const json = writeDocsIndex(file, { paragraphs: PARAGRAPHS, seed: 1 });
  return { paragraphs: json.paragraphs.length, tasks: new Set(json.paragraphs.map((p) => p.task)).size, bytes: JSON.stringify(json).length };
}

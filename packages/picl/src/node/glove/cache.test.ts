import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlove, parseWinkJson } from './cache.js';

const row = (k: number): number[] => [...Array.from({ length: 100 }, (_, i) => k + i / 100), 1.5, k];

describe('GloVe cache', () => {
  it('parses wink JSON (escaped words, extra norm/index values) and caches it as binary', () => {
    const json = JSON.stringify({ precision: 8, words: ['the', '"'], vectors: { the: row(0), '"': row(1) }, unkVector: [] });
    const parsed = parseWinkJson(Buffer.from(json));
    expect(parsed.words).toEqual(['the', '"']);
    expect(parsed.vectors.length).toBe(200);
    expect(parsed.vectors[101]).toBeCloseTo(1.01, 6);
    const dir = mkdtempSync(join(tmpdir(), 'picl-glove-'));
    writeFileSync(join(dir, 'w.json'), json);
    let converted = 0;
    const a = loadGlove({ cacheDir: dir, jsonPath: join(dir, 'w.json'), onConvert: () => converted++ });
    const b = loadGlove({ cacheDir: dir, jsonPath: join(dir, 'nope.json'), onConvert: () => converted++ });
    expect(converted).toBe(1); // second load reads the binary cache, not the JSON
    expect(b.id('"')).toBe(1);
    expect(Array.from(b.vectors)).toEqual(Array.from(a.vectors));
  });
});

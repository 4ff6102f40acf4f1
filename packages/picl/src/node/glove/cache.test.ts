import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGlove, parseDecimal, parseWinkJson } from './cache.js';

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

  it('reads each number exactly as Number() does, with or without the fast path', () => {
    const cases = ['-0.038194', '0.3344', '5.821154', '0', '-0', '12', '0.0054697', '-3.0243', '1e-05', '-2.5E3', '.5', '5.', '', '-', '0.1234567890123456789', '123456789012345', '1234567890123456', '0.000000000000000000000001', '00.10', 'abc'];
    let state = 7;
    const rand = (): number => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let i = 0; i < 5000; i++) {
      const digits = 1 + Math.floor(rand() * 17);
      const text = String(Math.floor(rand() * 10 ** Math.min(digits, 15)));
      const point = Math.floor(rand() * (text.length + 1));
      cases.push(`${rand() < 0.5 ? '-' : ''}${text.slice(0, point) || '0'}.${text.slice(point) || '0'}`);
    }
    for (const text of cases) {
      const buf = Buffer.from(`[${text},`);
      expect(Object.is(parseDecimal(buf, 1, 1 + text.length), Number(text)), text).toBe(true);
    }
  });
});

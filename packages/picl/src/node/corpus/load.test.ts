import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadUserCorpus } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'picl-corpus-'));

describe('loadUserCorpus', () => {
  it('reads JSONL with and without ids', () => {
    writeFileSync(join(dir, 'a.jsonl'), '{"id":"x","text":"Hello there."}\n\n{"text":"Second one."}\n');
    expect(loadUserCorpus(join(dir, 'a.jsonl'))).toEqual([
      { id: 'x', text: 'Hello there.' },
      { id: 'line-3', text: 'Second one.' },
    ]);
  });
  it('names the bad line of a malformed JSONL file', () => {
    writeFileSync(join(dir, 'b.jsonl'), '{"text":"ok"}\n{"text": 3}\n');
    expect(() => loadUserCorpus(join(dir, 'b.jsonl'))).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_DATA', message: expect.stringMatching(/b\.jsonl:2/) }));
    writeFileSync(join(dir, 'c.jsonl'), '{"text":"ok"}\nnot json\n');
    expect(() => loadUserCorpus(join(dir, 'c.jsonl'))).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_DATA', message: expect.stringMatching(/c\.jsonl:2/) }));
  });
  it('splits the text files of a folder into paragraphs', () => {
    const d = join(dir, 'docs');
    mkdirSync(join(d, 'sub'), { recursive: true });
    writeFileSync(join(d, 'one.txt'), 'First paragraph.\n\nSecond paragraph.');
    writeFileSync(join(d, 'sub', 'two.md'), 'Third.');
    writeFileSync(join(d, 'skip.bin'), 'x');
    expect(loadUserCorpus(d).map((p) => p.id)).toEqual(['one.txt#0', 'one.txt#1', 'sub/two.md#0']);
  });
  it('throws typed errors for a missing path and an empty corpus', () => {
    expect(() => loadUserCorpus(join(dir, 'nope.jsonl'))).toThrow(expect.objectContaining({ code: 'LMKIT_MISSING_FILE' }));
    writeFileSync(join(dir, 'e.jsonl'), '\n\n');
    expect(() => loadUserCorpus(join(dir, 'e.jsonl'))).toThrow(expect.objectContaining({ code: 'LMKIT_EMPTY_CORPUS' }));
  });
});

import { describe, expect, it } from 'vitest';
import { isLmkitError } from '../../errors.js';
import { listCorpora, loadCorpus } from './corpora.js';
import { DOCUMENT_SEPARATOR, splitDocuments } from './split.js';

describe('splitDocuments', () => {
  it('holds out every 10th document', () => {
    const docs = Array.from({ length: 25 }, (_, i) => `d${i}`);
    const { train, valid } = splitDocuments(docs, 0.1);
    expect(valid).toBe(['d9', 'd19'].join(DOCUMENT_SEPARATOR));
    expect(train.split(DOCUMENT_SEPARATOR)).toHaveLength(23);
  });

  it('cuts the text when there are too few documents', () => {
    expect(splitDocuments(['abcdefghij'], 0.2)).toEqual({ train: 'abcdefgh', valid: 'ij' });
  });
});

describe('loadCorpus', () => {
  it('lists moby-dick and sotu', () => {
    expect(listCorpora().map((c) => c.name)).toEqual(expect.arrayContaining(['moby-dick', 'sotu']));
  });

  it('loads moby-dick deterministically, split without losing text', () => {
    const a = loadCorpus('moby-dick', { maxChars: 200_000 });
    const b = loadCorpus('moby-dick', { maxChars: 200_000 });
    expect(a).toEqual(b);
    expect(a.documents.reduce((n, d) => n + d.length, 0)).toBe(200_000);
    expect(a.documents[a.documents.length - 1]!.length).toBeGreaterThan(0);
    // train + valid hold every document exactly once
    const joinedLen = a.train.length + a.valid.length + DOCUMENT_SEPARATOR.length;
    expect(joinedLen).toBe(a.documents.join(DOCUMENT_SEPARATOR).length);
    expect(a.valid.length).toBeGreaterThan(0);
    expect(a.train).toContain('Call me Ishmael');
    expect(a.license).toMatch(/CC0/);
  });

  it('loads sotu addresses in year order', () => {
    const s = loadCorpus('sotu', { maxChars: 50_000 });
    expect(s.documents[0]).toMatch(/^Fellow-Citizens of the Senate and House of Representatives/);
    expect(s.train.length + s.valid.length).toBeGreaterThan(40_000);
  });

  it('rejects an unknown name with LMKIT_UNKNOWN_CORPUS naming the valid ones', () => {
    try {
      loadCorpus('war-and-peace');
      expect.unreachable();
    } catch (e) {
      expect(isLmkitError(e) && e.code).toBe('LMKIT_UNKNOWN_CORPUS');
      expect((e as Error).message).toContain('moby-dick, sotu');
    }
    expect(() => loadCorpus('moby-dick', { maxChars: 1 })).toThrow(/maxChars/);
  });
});

import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../encode/bm25.js';
import { DocsIndex, type DocsIndexJSON } from './docs-index.js';

const paragraphs = [
  { id: 'a', text: 'the whale swam deep', task: 'prose:novel' },
  { id: 'b', text: 'great food and friendly staff', task: 'review:restaurant' },
  { id: 'c', text: 'the white whale', task: 'prose:novel' },
];
const json: DocsIndexJSON = {
  kind: 'picl-docs-index',
  version: 1,
  paragraphs,
  bm25: Bm25Index.fromTexts(paragraphs.map((p) => p.text)).toJSON(),
  vectors: { encoder: 'toy', dim: 2, values: [1, 0, 0, 1, 0.8, 0.6] },
};

describe('DocsIndex', () => {
  const idx = new DocsIndex(JSON.parse(JSON.stringify(json)) as DocsIndexJSON);
  it('searches typed queries with BM25, dropping zero-score paragraphs', () => {
    expect(idx.search('white whale', 10).map((h) => h.id)).toEqual(['c', 'a']);
  });
  it('finds neighbours of a paragraph by its stored vector', () => {
    const n = idx.neighbours(0, 2);
    expect(n.map((h) => h.id)).toEqual(['c', 'b']);
    expect(n[0]!.score).toBeCloseTo(0.8, 6);
  });
  it('rejects a file of another kind', () => {
    expect(() => new DocsIndex({ ...json, kind: 'x' } as unknown as DocsIndexJSON)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_DATA' }));
  });
});

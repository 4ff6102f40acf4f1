import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import type { Encoder } from '../../encode/types.js';
import { normalize } from '../../encode/types.js';
import { BruteForceIndex } from '../../vector-index/brute.js';
import { parseShard, shardPositions } from '@lmkit/tensor';
import { buildIndex, mergeIndexes } from './build.js';
import { loadIndexFile, saveIndexFile } from './file.js';
import { HnswIndex } from './hnsw.js';

const dir = mkdtempSync(join(tmpdir(), 'picl-index-test-'));

/** Unit vectors clustered around 50 centres (like real embeddings), 32-d. */
function clustered(n: number, seed: number, dim = 32): Float32Array[] {
  const rng = new Rng(seed);
  const centres = Array.from({ length: 50 }, () => rng.normalArray(dim));
  return Array.from({ length: n }, () => {
    const c = rng.pick(centres);
    const noise = rng.normalArray(dim, 0.6);
    return normalize(c.map((x, i) => x + (noise[i] as number)));
  });
}

/** A deterministic toy encoder: letter counts a–h, normalised. */
const letters: Encoder = {
  name: 'glove',
  dim: 8,
  embed: (texts) => texts.map((t) => normalize(Float32Array.from('abcdefgh', (ch) => t.split(ch).length - 1 + 0.01))),
};

describe('HnswIndex', () => {
  const data = clustered(3000, 1);
  const queries = clustered(200, 2);
  const hnsw = new HnswIndex(32, { seed: 7 });
  hnsw.add(data);
  const exact = new BruteForceIndex(32, data);

  it('reaches recall@20 ≥ 0.95 against exact search on 3,000 vectors', () => {
    let found = 0;
    for (const q of queries) {
      const truth = new Set(exact.search(q, 20).map((h) => h.label));
      found += hnsw.search(q, 20).filter((h) => truth.has(h.label)).length;
    }
    expect(found / (20 * queries.length)).toBeGreaterThanOrEqual(0.95);
  });

  it('returns inner-product scores equal to the exact ones for the items it finds', () => {
    const q = queries[0]!;
    const ex = new Map(exact.search(q, 50).map((h) => [h.label, h.score]));
    for (const h of hnsw.search(q, 10)) if (ex.has(h.label)) expect(h.score).toBeCloseTo(ex.get(h.label)!, 5);
  });

  it('saves atomically, loads the same results, and accepts more vectors after loading', () => {
    const path = join(dir, 'h.idx');
    saveIndexFile(path, { encoder: { name: 'glove' }, items: { ids: data.map((_, i) => `p${i}`), texts: data.map(() => ''), positions: data.map((_, i) => i) }, index: hnsw });
    const back = loadIndexFile(path);
    expect(back.index.size()).toBe(3000);
    for (const q of queries.slice(0, 20)) expect((back.index as HnswIndex).search(q, 5)).toEqual(hnsw.search(q, 5));
    const extra = clustered(10, 9);
    (back.index as HnswIndex).add(extra);
    expect(back.index.size()).toBe(3010);
    expect((back.index as HnswIndex).search(extra[3]!, 1)[0]!.label).toBe(3003);
  });

  it('throws typed errors: dimension mismatch, k > size', () => {
    const small = new HnswIndex(4);
    small.add([normalize(Float32Array.from([1, 2, 3, 4]))]);
    expect(() => small.search(new Float32Array(3), 1)).toThrow(expect.objectContaining({ code: 'LMKIT_DIM_MISMATCH' }));
    expect(() => small.search(new Float32Array(4), 2)).toThrow(expect.objectContaining({ code: 'LMKIT_K_TOO_LARGE' }));
  });
});

describe('index files', () => {
  const paragraphs = ['abc', 'bbb', 'cde', 'hhg', 'aab', 'fff', 'ggh'].map((text, i) => ({ id: `p${i}`, text }));

  it('round-trips a brute-force index exactly', () => {
    const stored = buildIndex(paragraphs, { encoder: letters, kind: 'brute' });
    const path = join(dir, 'b.idx');
    saveIndexFile(path, stored);
    const back = loadIndexFile(path);
    expect(back.items).toEqual(stored.items);
    expect(Array.from((back.index as BruteForceIndex).matrix())).toEqual(Array.from((stored.index as BruteForceIndex).matrix()));
  });

  it('reports a missing, truncated, damaged or foreign file with a typed error', () => {
    const path = join(dir, 'c.idx');
    saveIndexFile(path, buildIndex(paragraphs, { encoder: letters, kind: 'hnsw' }));
    const bytes = readFileSync(path);
    expect(() => loadIndexFile(join(dir, 'nope.idx'))).toThrow(expect.objectContaining({ code: 'LMKIT_MISSING_FILE' }));
    writeFileSync(join(dir, 't.idx'), bytes.subarray(0, bytes.length - 10));
    expect(() => loadIndexFile(join(dir, 't.idx'))).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_INDEX', message: expect.stringMatching(/cut short/) }));
    const flipped = Buffer.from(bytes);
    flipped[flipped.length - 5] = flipped[flipped.length - 5]! ^ 0xff;
    writeFileSync(join(dir, 'f.idx'), flipped);
    expect(() => loadIndexFile(join(dir, 'f.idx'))).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_INDEX', message: expect.stringMatching(/checksum/) }));
    writeFileSync(join(dir, 'x.idx'), 'hello world, not an index');
    expect(() => loadIndexFile(join(dir, 'x.idx'))).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_INDEX' }));
  });

  it('refuses an empty corpus', () => {
    expect(() => buildIndex([], { encoder: letters })).toThrow(expect.objectContaining({ code: 'LMKIT_EMPTY_CORPUS' }));
  });

  it('merges --shard k/n files into exactly the single-run index', () => {
    const single = buildIndex(paragraphs, { encoder: letters, kind: 'brute' });
    const shards = [1, 2, 3].map((k) => {
      const path = join(dir, `s${k}.idx`);
      saveIndexFile(path, buildIndex(paragraphs, { encoder: letters, kind: 'brute', shard: { index: k, count: 3 } }));
      return loadIndexFile(path);
    });
    expect(shards.map((s) => s.items.ids)).toEqual([['p0', 'p3', 'p6'], ['p1', 'p4'], ['p2', 'p5']]);
    const merged = mergeIndexes([shards[2]!, shards[0]!, shards[1]!]);
    expect(merged.items).toEqual(single.items);
    const q = letters.embed(['abh'])[0]!;
    expect((merged.index as BruteForceIndex).search(q, 7)).toEqual((single.index as BruteForceIndex).search(q, 7));
    const bm = mergeIndexes([1, 2].map((k) => buildIndex(paragraphs, { encoder: 'bm25', shard: { index: k, count: 2 } })));
    expect(Array.from((bm.index as import('../../encode/bm25.js').Bm25Index).scores('aab bbb'))).toEqual(
      Array.from((buildIndex(paragraphs, { encoder: 'bm25' }).index as import('../../encode/bm25.js').Bm25Index).scores('aab bbb')),
    );
  });
});

describe('shards', () => {
  it('parses k/n and splits positions round-robin', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(() => parseShard('4/3')).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    expect(shardPositions(7, { index: 2, count: 3 })).toEqual([1, 4]);
    const all = [1, 2, 3].flatMap((k) => shardPositions(10, { index: k, count: 3 })).sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

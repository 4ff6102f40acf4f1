import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packAndInstall } from '@lmkit/test-utils';

const pkgDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('published @lmkit/tensor', () => {
  it('installs from its pnpm pack tarball into an empty folder and runs an op', () => {
    const { dir, runNode } = packAndInstall([pkgDir]);
    const out = runNode(`
      import * as tf from '@tensorflow/tfjs';
      import { initBackend, CharTokenizer } from '@lmkit/tensor';
      import { listCorpora, loadCorpus } from '@lmkit/tensor/node';
      const info = await initBackend();
      const y = tf.matMul(tf.tensor2d([[1, 2], [3, 4]]), tf.tensor2d([[5], [6]]));
      const tok = CharTokenizer.fromText('abc');
      const moby = loadCorpus('moby-dick', { maxChars: 5000 });
      console.log(JSON.stringify({ backend: info.backend, y: Array.from(y.dataSync()), ids: tok.encode('cab'), corpora: listCorpora().length, mobyChars: moby.documents.join('').length }));
    `);
    const result = JSON.parse(out.trim().split('\n').pop()!);
    expect(result.backend).toBe('wasm');
    expect(result.y).toEqual([17, 39]);
    expect(result.ids).toEqual([3, 1, 2]);
    expect(result.corpora).toBeGreaterThanOrEqual(2);
    expect(result.mobyChars).toBe(5000);
    rmSync(path.dirname(dir), { recursive: true, force: true }); // the temp root holding tarballs and the app
  }, 300_000);
});

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall } from '@lmkit/test-utils';

const xposDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tensorDir = path.resolve(xposDir, '../tensor');

beforeAll(() => {
  // Build what is missing (tensor) and always rebuild this package so dist matches src.
  if (!existsSync(path.join(tensorDir, 'dist', 'index.js'))) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: tensorDir, stdio: 'pipe' });
  }
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: xposDir, stdio: 'pipe' });
}, 240_000);

/** The first ```js block of the README. */
function readmeExample(): string {
  const readme = readFileSync(path.join(xposDir, 'README.md'), 'utf8');
  const m = /```js\n([\s\S]*?)```/.exec(readme);
  if (!m) throw new Error('README has no js example');
  return m[1]!;
}

describe('published @lmkit/xpos', () => {
  it('installs from pnpm pack tarballs into an empty folder; the README example and relative scores work', () => {
    const { dir, runNode } = packAndInstall([tensorDir, xposDir]);
    try {
      const out = runNode(readmeExample());
      const r = Number(/R = (-?[\d.]+)/.exec(out)?.[1]);
      expect(Number.isFinite(r)).toBe(true);
      expect(r).toBeLessThanOrEqual(1);

      // XPOS scores from the installed package depend only on n − m.
      const check = runNode(`
        import * as tf from '@tensorflow/tfjs';
        import { initBackend } from '@lmkit/tensor';
        import { xpos, XPOS_ERROR_CODES } from '@lmkit/xpos';
        await initBackend();
        const q = tf.randomNormal([1, 1, 6, 8], 0, 1, 'float32', 3);
        const k = tf.randomNormal([1, 1, 6, 8], 0, 1, 'float32', 4);
        const s = (off) => { const [a, b] = xpos().rotate(q, k, off, off); return Array.from(tf.matMul(a, b, false, true).dataSync()); };
        const s0 = s(0), s1 = s(500000);
        let code = null;
        try { xpos().rotate(tf.zeros([1, 1, 2, 5]), tf.zeros([1, 1, 2, 5]), 0, 0); } catch (e) { code = e.code; }
        console.log(JSON.stringify({ maxDiff: Math.max(...s0.map((v, i) => Math.abs(v - s1[i]))), code, expected: XPOS_ERROR_CODES.oddHeadDim }));
      `);
      const res = JSON.parse(check.trim().split('\n').pop()!);
      expect(res.maxDiff).toBeLessThan(1e-3);
      expect(res.code).toBe(res.expected);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 300_000);
});

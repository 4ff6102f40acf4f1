import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packAndInstall, workspacePackageDir } from '@lmkit/test-utils';

const here = path.dirname(fileURLToPath(import.meta.url));
const iclDir = path.resolve(here, '..');

/** The README's 10-line example, taken from the README itself. */
function readmeExample(): string {
  const md = readFileSync(path.join(iclDir, 'README.md'), 'utf8');
  const section = md.slice(md.indexOf('## The dual form in 10 lines'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README has no ```js example under "The dual form in 10 lines"');
  return m[1]!;
}

describe('published @lmkit/icl', () => {
  it('installs with @lmkit/tensor and @lmkit/xpos from pnpm pack tarballs and runs the README example', () => {
    const code = readmeExample();
    expect(code.split('\n').filter((l) => l.trim() !== '').length).toBeLessThanOrEqual(14);
    const { dir, runNode } = packAndInstall([workspacePackageDir('@lmkit/tensor'), workspacePackageDir('@lmkit/xpos'), iclDir]);
    try {
      const out = runNode(code);
      const m = /=\s*([0-9.eE+-]+)/.exec(out);
      expect(m).not.toBeNull();
      const diff = Number(m![1]);
      expect(Number.isFinite(diff)).toBe(true);
      expect(diff).toBeLessThan(1e-10);
      // The Node entry point resolves too.
      const node = runNode(`import { reproduceIcl } from '@lmkit/icl/node'; console.log(typeof reproduceIcl);`);
      expect(node.trim()).toBe('function');
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 300_000);
});

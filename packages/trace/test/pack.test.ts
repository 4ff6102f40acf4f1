import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packAndInstall } from '@lmkit/test-utils';

const here = path.dirname(fileURLToPath(import.meta.url));
const traceDir = path.resolve(here, '..');
const tensorDir = path.resolve(here, '../../tensor');

/** The README's example, taken from the README itself. */
function readmeExample(): string {
  const md = readFileSync(path.join(traceDir, 'README.md'), 'utf8');
  const section = md.slice(md.indexOf('## Example'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('README has no ```js example under "## Example"');
  return m[1]!;
}

describe('published @lmkit/trace', () => {
  it('installs from pnpm pack tarballs, finds its worker and runs the README example', () => {
    const { dir, runNode } = packAndInstall([tensorDir, traceDir]);
    try {
      const out = runNode(readmeExample()).trim();
      expect(out).toBe(
        '<tutorial> <line> <0> <state> s : [ x , y ] </state> <line> <1> <state> s : [ x , y ] <dictsep> c : x </state>' +
          ' <output> xx <line> <2> <state> s : [ x , y ] <dictsep> c : x </state> <line> <1> <state> s : [ x , y ] <dictsep> c : y </state>' +
          ' <output> yy <line> <2> <state> s : [ x , y ] <dictsep> c : y </state> <line> <1> <state> s : [ x , y ] <dictsep> c : y </state>',
      );
      // The README's printed output is the same text.
      expect(readFileSync(path.join(traceDir, 'README.md'), 'utf8')).toContain(out);
    } finally {
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  }, 300_000);
});

/** The package's Python modules pass `py_compile` + pyflakes, and the check does catch faults. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const script = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'lint-python.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const lint = (dir?: string) => spawnSync(process.execPath, [script, ...(dir ? [dir] : [])], { encoding: 'utf8' });

function folderWith(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'lmkit-pylint-'));
  dirs.push(d);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

describe('Python lint (scripts/lint-python.mjs)', () => {
  it('passes on the package sources', () => {
    const r = lint();
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/files clean/);
  });

  it('fails on an undefined name (pyflakes)', () => {
    const r = lint(folderWith({ 'a.py': 'def f():\n    return undefined_thing\n' }));
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/undefined name 'undefined_thing'/);
  });

  it('fails on a syntax error (py_compile)', () => {
    const r = lint(folderWith({ 'b.py': 'def f(:\n    pass\n' }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/py_compile failed/);
  });
});

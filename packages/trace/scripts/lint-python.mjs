#!/usr/bin/env node
/**
 * Checks the package's Python modules: `python3 -m py_compile` (syntax, with the byte code written to
 * a temporary folder, not beside the sources) and pyflakes (Debian's `python3-pyflakes`, installed by
 * .ci/setup: undefined and unused names). Exits non-zero with the tools' messages on any finding.
 *
 *   node scripts/lint-python.mjs [folder]   (default: the package's src/)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pythonFiles } from './python-files.mjs';

// Debian's interpreter carries Debian's pyflakes; another python3 first on PATH may not.
const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const files = pythonFiles(process.argv[2]);
if (files.length === 0) {
  console.error(`lint-python: no .py files under ${process.argv[2] ?? 'src/'}`);
  process.exit(1);
}
const cache = mkdtempSync(join(tmpdir(), 'lmkit-pycompile-'));
let failed = false;
const run = (what, args) => {
  const r = spawnSync(python, args, { encoding: 'utf8', env: { ...process.env, PYTHONPYCACHEPREFIX: cache } });
  if (r.error) {
    console.error(`lint-python: cannot run ${python}: ${r.error.message}`);
    process.exit(1);
  }
  if (r.status !== 0) {
    failed = true;
    process.stderr.write(`lint-python: ${what} failed\n${r.stdout}${r.stderr}`);
  }
  return r;
};
try {
  run('py_compile', ['-m', 'py_compile', ...files]);
  const probe = spawnSync(python, ['-c', 'import pyflakes'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error(`lint-python: pyflakes is missing for ${python}; install Debian's python3-pyflakes (bash .ci/setup does)`);
    process.exit(1);
  }
  run('pyflakes', ['-m', 'pyflakes', ...files]);
} finally {
  rmSync(cache, { recursive: true, force: true });
}
if (failed) process.exit(1);
console.log(`lint-python: ${files.length} files clean (py_compile + pyflakes)`);

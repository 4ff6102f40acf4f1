import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackageDir } from './workspace.js';

/** Options of {@link buildIfStale}. */
export interface BuildIfStaleOptions {
  /** The package folder (has `tsconfig.build.json` and `node_modules/typescript`). */
  root: string;
  /** A built file, relative to `root`, that must exist and be newer than every source file. */
  output: string;
}

/** Newest modification time of the non-test `.ts` files under `dir`. */
function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/**
 * Builds a package with `tsc -p tsconfig.build.json` when `output` is missing or older than its
 * `src/` (tests that run built JS, such as a worker thread, need `dist/` current). Type errors
 * elsewhere still emit JS; only a missing `output` after the build is fatal.
 */
export function buildIfStale({ root, output }: BuildIfStaleOptions): void {
  const out = join(root, output);
  if (existsSync(out) && statSync(out).mtimeMs >= newestSource(join(root, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    if (!existsSync(out)) throw e;
  }
}

/**
 * Vitest global setup for tests that run @lmkit/trace's sandbox: its worker is plain JS
 * (`dist/node/worker.js`), so embed its Python modules and build the package first when `src/` is newer.
 */
export function buildTraceWorker(): void {
  const root = workspacePackageDir('@lmkit/trace');
  // Its Python modules (.py) are embedded into src/python/sources.gen.ts first (rewritten only on change).
  execFileSync(process.execPath, [join(root, 'scripts/embed-python.mjs')], { cwd: root, stdio: 'pipe' });
  buildIfStale({ root, output: 'dist/node/worker.js' });
}

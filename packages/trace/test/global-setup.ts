/**
 * Builds @lmkit/trace once before the tests when `dist/` is older than `src/`: the sandbox worker
 * runs as plain JS (`dist/node/worker.js`), which the pool finds from `src/node/pool.ts`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

export default function setup(): void {
  const worker = join(root, 'dist/node/worker.js');
  if (existsSync(worker) && statSync(worker).mtimeMs >= newest(join(root, 'src'))) return;
  try {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  } catch (e) {
    // Type errors elsewhere still emit JS; only a missing worker is fatal.
    if (!existsSync(worker)) throw e;
  }
}

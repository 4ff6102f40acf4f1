import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const appDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(appDir, '..', '..');
export const distDir = join(appDir, '.vitepress', 'dist');

const SKIP = new Set(['node_modules', 'dist', 'cache', '.temp', 'vendor', 'demo', 'api']);

function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(e.name)) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** The site's inputs: pages, theme, build scripts, and the package/CLI sources the demos and references use. */
function newestInput(): number {
  const dirs = [join(repoDir, 'docs'), join(appDir, '.vitepress'), join(appDir, 'scripts'), join(repoDir, 'apps', 'cli', 'src')];
  for (const p of readdirSync(join(repoDir, 'packages'))) dirs.push(join(repoDir, 'packages', p, 'src'));
  return Math.max(...dirs.map(newest), statSync(join(appDir, 'package.json')).mtimeMs);
}

/** Builds the site (`pnpm build` of this app) unless the build output is newer than every input. */
export function ensureBuilt(): { built: boolean; seconds: number } {
  const marker = join(distDir, 'index.html');
  // LMKIT_DOCS_REUSE_BUILD=1 tests an existing build as it is (handy while other sources keep changing).
  const reuse = process.env.LMKIT_DOCS_REUSE_BUILD === '1' && existsSync(marker);
  if (reuse || (existsSync(marker) && statSync(marker).mtimeMs >= newestInput())) return { built: false, seconds: 0 };
  const t0 = performance.now();
  execFileSync('pnpm', ['run', 'build'], { cwd: appDir, stdio: 'inherit', timeout: 600_000 });
  return { built: true, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Test helper: packs workspace packages the way they are published and installs them into an
 * empty folder with npm, so a test can check that the published tarballs import and run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** An npm project in a temp folder with the packed packages installed. */
export interface PackInstallResult {
  /**
   * The folder (has `package.json` with `"type": "module"` and `node_modules/`). Its parent is a
   * temp folder made for this call (tarballs + app): delete `path.dirname(dir)` when done.
   */
  dir: string;
  /** Writes `scriptSource` to an `.mjs` file in `dir`, runs it with node, returns its stdout. */
  runNode(scriptSource: string): string;
}

/**
 * Runs `pnpm pack` in each package folder (its `dist/` must already be built: throws a clear
 * error otherwise), then `npm install`s all tarballs together into a fresh temp folder, so the
 * packed `@lmkit/tensor` satisfies the other packages' dependency on it. Slow (tens of seconds):
 * use a generous test timeout.
 */
export function packAndInstall(pkgDirs: string[]): PackInstallResult {
  if (pkgDirs.length === 0) throw new Error('packAndInstall: give at least one package folder');
  const root = mkdtempSync(path.join(tmpdir(), 'lmkit-pack-'));
  const tarDir = path.join(root, 'tarballs');
  const dir = path.join(root, 'app');
  execFileSync('mkdir', ['-p', tarDir, dir]);
  const tarballs: string[] = [];
  for (const pkgDir of pkgDirs) {
    const abs = path.resolve(pkgDir);
    const pkg = JSON.parse(readFileSync(path.join(abs, 'package.json'), 'utf8')) as { name: string; main?: string };
    const dist = path.join(abs, 'dist');
    if (!existsSync(dist) || readdirSync(dist).length === 0) {
      throw new Error(`packAndInstall: ${pkg.name} has no built dist/ in ${abs}; run its build first (e.g. \`pnpm turbo run build --filter ${pkg.name}\`)`);
    }
    const before = new Set(readdirSync(tarDir));
    execFileSync('pnpm', ['pack', '--pack-destination', tarDir], { cwd: abs, stdio: 'pipe' });
    const made = readdirSync(tarDir).filter((f) => f.endsWith('.tgz') && !before.has(f));
    if (made.length !== 1) throw new Error(`packAndInstall: pnpm pack in ${abs} produced ${made.length} tarballs`);
    tarballs.push(path.join(tarDir, made[0] as string));
  }
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'lmkit-pack-test', private: true, type: 'module' }, null, 2));
  try {
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...tarballs], {
      cwd: dir,
      stdio: 'pipe',
      env: { ...process.env, npm_config_update_notifier: 'false' },
    });
  } catch (e) {
    const err = e as { stderr?: Buffer; message: string };
    throw new Error(`packAndInstall: npm install failed in ${dir}: ${err.stderr?.toString() ?? err.message}`);
  }
  let n = 0;
  // pnpm's bin shims put the workspace's store on NODE_PATH: the installed app must resolve only
  // from its own node_modules, or a missing dependency would be found in the workspace.
  const { NODE_PATH: _workspacePath, ...appEnv } = process.env;
  return {
    dir,
    runNode(scriptSource: string): string {
      const file = path.join(dir, `script-${n++}.mjs`);
      writeFileSync(file, scriptSource);
      try {
        return execFileSync(process.execPath, [file], { cwd: dir, stdio: 'pipe', env: { ...appEnv, NODE_OPTIONS: '' } }).toString();
      } catch (e) {
        const err = e as { stderr?: Buffer; message: string };
        throw new Error(`packAndInstall: script failed: ${err.stderr?.toString() ?? err.message}`);
      }
    },
  };
}

import { copyFileSync, mkdirSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { appDir, publicDir } from './paths.js';

/** Files of the pyodide npm package the browser needs (no source maps, typings or demo pages). */
const PYODIDE_FILES = /^(pyodide\.asm\.(wasm|mjs|js)|pyodide\.m?js|python_stdlib\.zip|pyodide-lock\.json)$/;

function copyMatching(from: string, to: string, keep: (name: string) => boolean): string[] {
  mkdirSync(to, { recursive: true });
  const copied: string[] = [];
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    if (!keep(name) || !statSync(src).isFile()) continue;
    const dst = join(to, name);
    // Skip files already up to date (same size, not older).
    try {
      const a = statSync(src);
      const b = statSync(dst);
      if (a.size === b.size && b.mtimeMs >= a.mtimeMs) {
        copied.push(name);
        continue;
      }
    } catch {
      // not there yet
    }
    copyFileSync(src, dst);
    copied.push(name);
  }
  return copied;
}

/**
 * Copies Pyodide and the tfjs WebAssembly binaries into docs/public/vendor so the site serves them
 * itself (no CDN): /vendor/pyodide/ and /vendor/tfjs/.
 */
export function copyVendor(): { pyodide: string[]; tfjs: string[] } {
  const pyodideDir = realpathSync(join(appDir, 'node_modules', 'pyodide'));
  const tfjsDir = join(realpathSync(join(appDir, 'node_modules', '@tensorflow', 'tfjs-backend-wasm')), 'dist');
  const pyodide = copyMatching(pyodideDir, join(publicDir, 'vendor', 'pyodide'), (n) => PYODIDE_FILES.test(n));
  const tfjs = copyMatching(tfjsDir, join(publicDir, 'vendor', 'tfjs'), (n) => n.endsWith('.wasm'));
  if (!pyodide.includes('pyodide.mjs') || !pyodide.includes('pyodide.asm.wasm')) {
    throw new Error(`pyodide files missing in ${pyodideDir}: run pnpm install`);
  }
  if (tfjs.length === 0) throw new Error(`no .wasm files in ${tfjsDir}: run pnpm install`);
  return { pyodide, tfjs };
}

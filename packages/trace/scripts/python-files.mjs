/** The package's Python modules: every `.py` file under `src/`, sorted by path (shared by the embed and lint scripts). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Absolute path of the package's `src/` folder. */
export const src = fileURLToPath(new URL('../src', import.meta.url));

/** Every .py file under `dir`, sorted by path. */
export function pythonFiles(dir = src) {
  const files = [];
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.py')) files.push(p);
    }
  };
  walk(dir);
  return files.sort();
}

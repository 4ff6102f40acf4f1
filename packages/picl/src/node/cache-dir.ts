import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * Where lmkit caches converted data: `$LMKIT_CACHE_DIR`, else `node_modules/.cache/lmkit` of the
 * nearest `node_modules` above the working directory, else `~/.cache/lmkit`.
 */
export function lmkitCacheDir(): string {
  const env = process.env.LMKIT_CACHE_DIR;
  if (env) return resolve(env);
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'lmkit');
    if (dir === dirname(dir)) break;
  }
  return join(homedir(), '.cache', 'lmkit');
}

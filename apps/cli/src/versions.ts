import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';

const require = createRequire(import.meta.url);

/** The lmkit packages whose versions `lmkit info` and the report show. */
export const LMKIT_PACKAGES = ['@lmkit/tensor', '@lmkit/xpos', '@lmkit/trace', '@lmkit/picl', '@lmkit/icl'] as const;

function readVersion(packageJsonPath: string): string {
  return (JSON.parse(readFileSync(packageJsonPath, 'utf8')) as { version: string }).version;
}

/** This CLI's version (from apps/cli/package.json; the path holds for both src/ and dist/). */
export function cliVersion(): string {
  return readVersion(new URL('../package.json', import.meta.url).pathname);
}

/** Installed version of a dependency, or `null` when it cannot be found. */
export function dependencyVersion(name: string): string | null {
  try {
    return readVersion(require.resolve(`${name}/package.json`));
  } catch {
    return null;
  }
}

/** Versions of lmkit, its packages and the libraries that shape its numbers. */
export function versions(): Record<string, string | null> {
  const out: Record<string, string | null> = { lmkit: cliVersion() };
  for (const name of LMKIT_PACKAGES) out[name] = dependencyVersion(name);
  out['@tensorflow/tfjs'] = dependencyVersion('@tensorflow/tfjs');
  out.node = process.versions.node;
  return out;
}

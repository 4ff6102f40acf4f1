import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder (this file is `packages/test-utils/src/workspace.ts`). */
export const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/**
 * The folder of a workspace package by its name: `@lmkit/<x>` is `packages/<x>`, `lmkit` is
 * `apps/cli`. Throws when the folder does not exist.
 */
export function workspacePackageDir(name: string): string {
  const dir = name === 'lmkit' ? path.join(workspaceRoot, 'apps/cli') : path.join(workspaceRoot, 'packages', name.replace(/^@lmkit\//, ''));
  if (!existsSync(path.join(dir, 'package.json'))) throw new Error(`workspacePackageDir: no workspace package ${name} (looked in ${dir})`);
  return dir;
}

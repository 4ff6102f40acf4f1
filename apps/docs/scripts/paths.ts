import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

/** Folders the build scripts read and write. */
export const appDir = fileURLToPath(new URL('..', import.meta.url));
export const repoDir = join(appDir, '..', '..');
export const docsDir = join(repoDir, 'docs');
export const publicDir = join(docsDir, 'public');

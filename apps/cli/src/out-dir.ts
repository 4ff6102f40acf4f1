import { stat } from 'node:fs/promises';
import { LmkitError } from '@lmkit/tensor';

/**
 * Throws LMKIT_BAD_ARGUMENT when the `--out` folder `out` cannot be a folder: it is a file, or a
 * file stands where one of its parent folders should be. A missing folder is fine (created later).
 */
export async function checkOutDir(out: string): Promise<void> {
  const info = await stat(out).catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOTDIR') throw new LmkitError('LMKIT_BAD_ARGUMENT', `--out ${out} lies inside a file, not a folder: pass a folder (it is created if missing)`);
    return null;
  });
  if (info && !info.isDirectory()) {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `--out ${out} is a file, not a folder: pass a folder (it is created if missing)`);
  }
}

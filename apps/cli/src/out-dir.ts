import { stat } from 'node:fs/promises';
import { LmkitError } from '@lmkit/tensor';

/** Throws LMKIT_BAD_ARGUMENT when the `--out` folder `out` exists and is not a folder. */
export async function checkOutDir(out: string): Promise<void> {
  const info = await stat(out).catch(() => null);
  if (info && !info.isDirectory()) {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `--out ${out} is a file, not a folder: pass a folder (it is created if missing)`);
  }
}

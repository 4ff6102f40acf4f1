import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The file operations {@link writeFileAtomic} uses; replaceable in tests to simulate a failing disk. */
export interface AtomicWriteIo {
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

const nodeIo: AtomicWriteIo = {
  writeFile: (path, data) => writeFile(path, data, { flush: true }),
  rename,
};

/**
 * Writes `data` to `path` so that readers see either the old file or the complete new one:
 * the bytes go to a temp file in the same folder, which is then renamed over `path`.
 * Creates missing parent folders. On failure the temp file is removed and `path` is untouched.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, io: AtomicWriteIo = nodeIo): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await io.writeFile(temp, data);
    await io.rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
}

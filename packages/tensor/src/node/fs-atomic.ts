import { randomBytes } from 'node:crypto';
import { mkdirSync, promises as fs, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The file operations {@link writeFileAtomic} uses; replaceable (e.g. in tests, to simulate a failing disk). */
export interface AtomicWriteIo {
  /** Writes the whole temp file and flushes it to disk. */
  writeFile(file: string, data: string | Uint8Array): Promise<void>;
  /** Renames the temp file over the target. */
  rename(from: string, to: string): Promise<void>;
}

const nodeIo: AtomicWriteIo = {
  async writeFile(file, data) {
    const handle = await fs.open(file, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
  },
  rename: (from, to) => fs.rename(from, to),
};

/** A temp-file name in the same folder as `file` (so the rename stays on one file system). */
function tempNameFor(file: string): string {
  const dir = path.dirname(path.resolve(file));
  return path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Writes `data` to `file` atomically: the bytes go to a temporary file in the same folder, are
 * flushed to disk, and the temporary file is renamed over `file`. A reader sees either the old
 * file or the complete new one, never a partial write; on failure the temp file is removed and
 * the old file is left untouched. Missing parent folders are created.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array, io: AtomicWriteIo = nodeIo): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    await io.writeFile(tmp, data);
    await io.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

/** Synchronous {@link writeFileAtomic} (temp file in the same folder, then rename; parents created). */
export function writeFileAtomicSync(file: string, data: string | Uint8Array): void {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const tmp = tempNameFor(file);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

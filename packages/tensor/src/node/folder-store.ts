import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ExperimentStore } from '../experiment/store.js';
import { writeFileAtomic } from './fs-atomic.js';

/** An {@link ExperimentStore} in a folder: one file per name, written atomically (temp + rename). */
export function folderStore(dir: string): ExperimentStore {
  return {
    async read(name) {
      try {
        return new Uint8Array(await fs.readFile(path.join(dir, name)));
      } catch (e) {
        if ((e as { code?: string }).code === 'ENOENT') return null;
        throw e;
      }
    },
    async write(name, data) {
      await fs.mkdir(dir, { recursive: true });
      await writeFileAtomic(path.join(dir, name), data);
    },
  };
}

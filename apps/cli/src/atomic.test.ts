import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileAtomic, type AtomicWriteIo } from './atomic.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmkit-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('replaces the file and creates missing folders', async () => {
    const path = join(dir, 'a', 'b', 'report.json');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, new TextEncoder().encode('two'));
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'a', 'b'))).toEqual(['report.json']);
  });

  it('leaves the old file intact and no temp file when the write fails half-way', async () => {
    const path = join(dir, 'report.md');
    await writeFile(path, 'old report');
    const failingIo: AtomicWriteIo = {
      async writeFile(p, data) {
        await writeFile(p, String(data).slice(0, 3)); // part of the bytes reach the disk…
        throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' }); // …then the disk is full
      },
      rename: () => Promise.reject(new Error('rename must not be reached')),
    };
    await expect(writeFileAtomic(path, 'new report that never lands', failingIo)).rejects.toThrow(/ENOSPC/);
    expect(await readFile(path, 'utf8')).toBe('old report');
    expect(await readdir(dir)).toEqual(['report.md']);
  });

  it('leaves the old file intact when the rename fails', async () => {
    const path = join(dir, 'section.json');
    await writeFile(path, '{"old":true}');
    const io: AtomicWriteIo = {
      writeFile: (p, data) => writeFile(p, data),
      rename: () => Promise.reject(new Error('EXDEV: cross-device link not permitted')),
    };
    await expect(writeFileAtomic(path, '{"new":true}', io)).rejects.toThrow(/EXDEV/);
    expect(await readFile(path, 'utf8')).toBe('{"old":true}');
    expect(await readdir(dir)).toEqual(['section.json']);
  });
});

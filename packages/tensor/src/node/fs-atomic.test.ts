import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from './fs-atomic.js';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temp file behind', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-atomic-'));
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    await writeFileAtomic(file, Uint8Array.of(1, 2, 3));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });

  it('keeps the old file when the write fails', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-atomic-'));
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'old');
    await expect(writeFileAtomic(file, 42 as unknown as string)).rejects.toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});

describe('writeFileAtomicSync', () => {
  it('creates missing folders, replaces the file and leaves no temp file behind', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-atomic-'));
    const file = path.join(dir, 'sub', 'a.txt');
    writeFileAtomicSync(file, 'one');
    writeFileAtomicSync(file, 'two');
    expect(readFileSync(file, 'utf8')).toBe('two');
    expect(readdirSync(path.join(dir, 'sub'))).toEqual(['a.txt']);
  });

  it('keeps the old file when the write fails', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'lmkit-atomic-'));
    const file = path.join(dir, 'a.txt');
    writeFileSync(file, 'old');
    expect(() => writeFileAtomicSync(file, 42 as unknown as string)).toThrow();
    expect(readFileSync(file, 'utf8')).toBe('old');
    expect(readdirSync(dir)).toEqual(['a.txt']);
  });
});

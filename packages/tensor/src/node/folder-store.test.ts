import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderStore } from './folder-store.js';

describe('folderStore', () => {
  it('reads back what it wrote, gives null for a missing name, creates the folder and leaves no temp files', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'lmkit-xpos-store-'));
    try {
      const dir = path.join(root, 'nested', 'work');
      const store = folderStore(dir);
      expect(await store.read('a.ckpt')).toBeNull();
      await store.write('a.ckpt', new Uint8Array([1, 2, 3]));
      await store.write('a.ckpt', new Uint8Array([4, 5]));
      expect(Array.from((await store.read('a.ckpt'))!)).toEqual([4, 5]);
      expect(readdirSync(dir)).toEqual(['a.ckpt']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

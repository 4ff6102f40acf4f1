import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { concatFiles, mergeByPosition } from './merge-files.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmkit-merge-'));
});

const line = (position: number, extra = '') => `{"position":${position},"queryId":"p${position}"${extra}}`;

describe('mergeByPosition', () => {
  it('merges round-robin shards into position order, keeping every line byte for byte', async () => {
    // Shard k of 3 holds positions k-1, k+2, …; odd spacing and a score that JSON would re-print differently (1.50 → 1.5).
    const all = Array.from({ length: 10 }, (_, p) => line(p, p === 4 ? ',"s":1.50' : ''));
    const files = [0, 1, 2].map((k) => join(dir, `s${k}.jsonl`));
    await Promise.all(files.map((f, k) => writeFile(f, all.filter((_, p) => p % 3 === k).map((l) => `${l}\n`).join(''))));
    await mergeByPosition(files, join(dir, 'all.jsonl'));
    expect(await readFile(join(dir, 'all.jsonl'), 'utf8')).toBe(all.map((l) => `${l}\n`).join(''));
  });

  it('refuses a position held by two shards and a shard out of order, leaving no output or temp file', async () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const c = join(dir, 'c.jsonl');
    await writeFile(a, `${line(0)}\n${line(2)}\n`);
    await writeFile(b, `${line(1)}\n${line(2)}\n`);
    await writeFile(c, `${line(3)}\n${line(1)}\n`);
    await expect(mergeByPosition([a, b], join(dir, 'dup.jsonl'))).rejects.toThrow(/position 2 appears in two shard files/);
    await expect(mergeByPosition([a, c], join(dir, 'order.jsonl'))).rejects.toThrow(/c\.jsonl:2: position 1 after 3/);
    await writeFile(c, `${line(5)}\nnot json\n`);
    await expect(mergeByPosition([c], join(dir, 'bad.jsonl'))).rejects.toMatchObject({ code: 'LMKIT_BAD_DATA' });
    const left = await readdir(dir);
    expect(left.filter((f) => f.startsWith('dup') || f.startsWith('order') || f.startsWith('bad') || f.endsWith('.tmp'))).toEqual([]);
  });
});

describe('concatFiles', () => {
  it('writes the shards one after the other (larger than one read chunk)', async () => {
    const parts = ['x'.repeat(100_000), '', 'yz\n'.repeat(30_000)];
    const files = parts.map((_, i) => join(dir, `c${i}`));
    await Promise.all(parts.map((p, i) => writeFile(files[i]!, p)));
    await concatFiles(files, join(dir, 'c.out'));
    expect(await readFile(join(dir, 'c.out'), 'utf8')).toBe(parts.join(''));
  });
});

import { access, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAppendedShard } from './run-job.js';
import { shardFile, shardsDir } from './submission.js';

describe('checkAppendedShard', () => {
  it('accepts records with rising indices (gaps are dropped programs) and removes a file two writers interleaved', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lmkit-part-'));
    const rec = (index: number) => JSON.stringify({ index, set: 'singleline', seed: 1 });
    const good = join(dir, 'good.part');
    await writeFile(good, `${rec(3)}\n${rec(4)}\n${rec(7)}\n`);
    await expect(checkAppendedShard(good)).resolves.toBeUndefined();
    const twice = join(dir, 'twice.part');
    await writeFile(twice, `${rec(3)}\n${rec(4)}\n${rec(4)}\n${rec(5)}\n`);
    await expect(checkAppendedShard(twice)).rejects.toThrow(/line 3 is not a record after index 4/);
    await expect(access(twice)).rejects.toThrow(/ENOENT/);
    const cut = join(dir, 'cut.part');
    await writeFile(cut, `${rec(3)}\n{"ind${rec(4)}\n`);
    await expect(checkAppendedShard(cut)).rejects.toThrow(/line 2/);
  });
});

describe('shard file names', () => {
  it('sit in FILE.shards/, zero-padded so they sort, with the output extension', () => {
    expect(shardsDir('/d/out.jsonl')).toBe('/d/out.jsonl.shards');
    expect(shardFile({ out: '/d/out.jsonl', shards: 8 }, 3)).toBe('/d/out.jsonl.shards/shard-0003-of-0008.jsonl');
    expect(shardFile({ out: '/d/x.idx', shards: 12345 }, 7)).toBe('/d/x.idx.shards/shard-00007-of-12345.idx');
  });
});

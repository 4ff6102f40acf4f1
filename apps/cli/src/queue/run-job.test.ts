import { access, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAppendedShard, runMerge } from './run-job.js';
import { shardFile, shardsDir, type Submission } from './submission.js';

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

describe('runMerge of trace-build shards', () => {
  it('concatenates the shards and, when every shard has one, their drop logs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lmkit-merge-'));
    const sub: Submission = { id: 's', kind: 'trace-build', out: join(dir, 'out.jsonl'), shards: 3, globals: [], argv: [], attempts: 1, submittedAt: '' };
    await mkdir(shardsDir(sub.out), { recursive: true });
    const drop = (index: number) => `${JSON.stringify({ index, why: 'error:exception' })}\n`;
    for (let k = 1; k <= 3; k++) {
      await writeFile(shardFile(sub, k), `${JSON.stringify({ index: 10 * k })}\n`);
      await writeFile(`${shardFile(sub, k)}.dropped.jsonl`, k === 2 ? '' : drop(10 * k + 1));
    }
    await runMerge(sub);
    expect(await readFile(sub.out, 'utf8')).toBe('{"index":10}\n{"index":20}\n{"index":30}\n');
    expect(await readFile(`${sub.out}.dropped.jsonl`, 'utf8')).toBe(drop(11) + drop(31));
    // A shard without its log (built by an older lmkit): no merged log, rather than one missing drops.
    await rm(`${shardFile(sub, 3)}.dropped.jsonl`);
    await runMerge(sub);
    await expect(access(`${sub.out}.dropped.jsonl`)).rejects.toThrow(/ENOENT/);
  });
});

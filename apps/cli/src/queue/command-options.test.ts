import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCommandOptions } from './command-options.js';
import { JOB_KINDS } from './kinds.js';

describe('checkCommandOptions', () => {
  it("checks the options with the command's own definition and gives workers absolute paths", async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'lmkit-opts-'));
    await writeFile(join(cwd, 'c.jsonl'), '{"id":"a","text":"x"}\n');
    const idx = await checkCommandOptions(JOB_KINDS['picl-index']!, ['--corpus', 'c.jsonl', '--kind=brute'], { seed: 1 }, cwd);
    expect(idx).toEqual({ globals: ['--seed', '1'], argv: ['--corpus', join(cwd, 'c.jsonl'), '--kind', 'brute'] });
    // A seed given after -- wins over the outer one; numbers are passed as parsed; flags stay flags.
    const tr = await checkCommandOptions(JOB_KINDS['trace-build']!, ['--set', 'mutants', '--n', '0012', '--keep-errors', '--seed', '5'], { seed: 1, backend: 'cpu' }, cwd);
    expect(tr).toEqual({ globals: ['--seed', '5', '--backend', 'cpu'], argv: ['--set', 'mutants', '--n', '12', '--keep-errors'] });
    const inst = await checkCommandOptions(JOB_KINDS['picl-instances']!, ['c.jsonl', '--budget', '512'], { seed: 2 }, cwd);
    expect(inst.argv).toEqual([join(cwd, 'c.jsonl'), '--budget', '512']);
  });

  it.each([
    [['--set', 'nope'], 'trace-build', 'options after -- (for `lmkit trace build`)'],
    [['--n', '10'], 'trace-build', "required option '--set <name>'"],
    [['--set', 'singleline', '--out', 'x'], 'trace-build', '--out is set by `lmkit queue submit`'],
    [['--set', 'singleline', '--shard=1/2'], 'trace-build', '--shard is set by `lmkit queue submit`'],
    [['--corpus', 'missing.jsonl'], 'picl-index', '--corpus missing.jsonl not found: workers read the same path'],
    [['--corpus', 'missing.jsonl', '--store', 'lancedb:/tmp/t'], 'picl-index', 'a LanceDB table is built in one process'],
  ])('rejects %j for %s', async (argv, kind, message) => {
    await expect(checkCommandOptions(JOB_KINDS[kind]!, argv, { seed: 1 }, tmpdir())).rejects.toThrow(expect.objectContaining({ message: expect.stringContaining(message) }));
  });
});

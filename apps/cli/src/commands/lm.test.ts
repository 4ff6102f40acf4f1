import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';
import { useTempDir } from '@lmkit/test-utils';

const dir = useTempDir('lm-cli');

const tiny = ['--max-chars', '20000', '--d-model', '16', '--heads', '2', '--layers', '1', '--seq-len', '16', '--batch-size', '4', '--eval-tokens', '400'];

describe('lmkit lm', () => {
  it('trains, writes a checkpoint and evaluates it to the same perplexity', async () => {
    const train = await runCli(['--json', 'lm', 'train', '--steps', '4', '--checkpoint-every', '2', '--out', 'm.lmkit', ...tiny], { cwd: dir() });
    expect(train.code, train.stderr).toBe(0);
    const t = JSON.parse(train.stdout);
    expect(t).toMatchObject({ checkpoint: 'm.lmkit', corpus: 'moby-dick', steps: 4, validTokens: 399 });
    const ev = await runCli(['--json', 'lm', 'eval', '--checkpoint', 'm.lmkit'], { cwd: dir() });
    expect(ev.code, ev.stderr).toBe(0);
    const e = JSON.parse(ev.stdout);
    expect(e.tokens).toBe(399);
    expect(e.perplexity).toBeCloseTo(t.validPerplexity, 6);
  }, 120_000);

  it('turns bad input into exit 2 with one line', async () => {
    await writeFile(join(dir(), 'junk.lmkit'), 'not a checkpoint');
    for (const args of [
      ['lm', 'eval', '--checkpoint', 'junk.lmkit'],
      ['lm', 'eval', '--checkpoint', 'missing.lmkit'],
      ['lm', 'train', '--corpus', 'war-and-peace', '--steps', '2'],
      ['lm', 'train', '--steps', '2', '--out', 'junk.lmkit'], // refuses to overwrite without --force
    ]) {
      const r = await runCli(args, { cwd: dir() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^lmkit: .*(checkpoint|not found|unknown corpus|already exists)/);
    }
  }, 120_000);
});

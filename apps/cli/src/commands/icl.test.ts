import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';
import { useTempDir } from '@lmkit/test-utils';

const dir = useTempDir('icl-cli');

describe('lmkit icl', () => {
  it('dual-form: attention equals (W_ZSL + ΔW_ICL)·q to float64 / float32 precision', async () => {
    const r = await runCli(['--json', 'icl', 'dual-form', '--dim', '8', '--demos', '5'], { cwd: dir() });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dim: 8, demos: 5 });
    expect(out.float64MaxAbsDiff).toBeLessThan(1e-12);
    expect(out.float32MaxAbsDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('turns bad input into exit 2 with one line and writes nothing', async () => {
    await writeFile(join(dir(), 'a-file'), 'x');
    for (const [args, pattern] of [
      [['icl', 'analyze', '--quick', '--out', 'a-file'], /--out a-file is a file, not a folder/],
      [['icl', 'dual-form', '--dim', '0'], /--dim/],
      [['icl', 'dual-form', '--demos', 'many'], /--demos/],
    ] as const) {
      const r = await runCli(args, { cwd: dir() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect(await readdir(dir())).toEqual(['a-file']);
  }, 60_000);
});

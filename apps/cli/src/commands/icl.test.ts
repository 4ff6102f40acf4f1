import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-icl-cli-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('lmkit icl', () => {
  it('dual-form: attention equals (W_ZSL + ΔW_ICL)·q to float64 / float32 precision', async () => {
    const r = await runCli(['--json', 'icl', 'dual-form', '--dim', '8', '--demos', '5'], { cwd });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dim: 8, demos: 5 });
    expect(out.float64MaxAbsDiff).toBeLessThan(1e-12);
    expect(out.float32MaxAbsDiff).toBeLessThan(1e-4);
  }, 60_000);

  it('turns bad input into exit 2 with one line and writes nothing', async () => {
    await writeFile(join(cwd, 'a-file'), 'x');
    for (const [args, pattern] of [
      [['icl', 'analyze', '--quick', '--out', 'a-file'], /--out a-file is a file, not a folder/],
      [['icl', 'dual-form', '--dim', '0'], /--dim/],
      [['icl', 'dual-form', '--demos', 'many'], /--demos/],
    ] as const) {
      const r = await runCli(args, { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect(await readdir(cwd)).toEqual(['a-file']);
  }, 60_000);
});

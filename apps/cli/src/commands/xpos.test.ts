import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-xpos-cli-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('lmkit xpos', () => {
  it('resolution: hand-computed values, both last-term conventions', async () => {
    // s = [ln 2, 0]: e^s = [2, 1]; (2·(2−1) + 1·(1−0)) / 3² = 1/3; dropping the last term: 2/9.
    const zero = await runCli(['--json', 'xpos', 'resolution', '--', `${Math.LN2},0`], { cwd });
    expect(zero.code, zero.stderr).toBe(0);
    const z = JSON.parse(zero.stdout);
    expect(z.lastTerm).toBe('zero');
    expect(z.resolution).toBeCloseTo(1 / 3, 12);
    const drop = await runCli(['--json', 'xpos', 'resolution', '--drop-last', `${Math.LN2},0`], { cwd });
    expect(drop.code, drop.stderr).toBe(0);
    expect(JSON.parse(drop.stdout).resolution).toBeCloseTo(2 / 9, 12);
    // Plain output: the number alone.
    const plain = await runCli(['xpos', 'resolution', '0,0'], { cwd });
    expect(plain.stdout.trim()).toBe('0.250000');
  }, 60_000);

  it('turns bad input into exit 2 with one line and writes nothing', async () => {
    await writeFile(join(cwd, 'a-file'), 'x');
    for (const [args, pattern] of [
      [['xpos', 'resolution', '1,abc'], /score 2 \("abc"\) is not a number/],
      [['xpos', 'resolution', ''], /score 1 \(""\) is not a number/],
      [['xpos', 'extrapolate', '--quick', '--out', 'a-file'], /--out a-file is a file, not a folder/],
      [['xpos', 'extrapolate', '--steps', '3'], /unknown option '--steps'/],
    ] as const) {
      const r = await runCli(args, { cwd });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect((await readdir(cwd)).sort()).toEqual(['a-file']);
  }, 60_000);
});

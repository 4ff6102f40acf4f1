import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';
import { useTempDir } from '@lmkit/test-utils';
import { EXTRAPOLATION_ENCODINGS } from './xpos.js';

const dir = useTempDir('xpos-cli');

describe('lmkit xpos', () => {
  it('--only offers exactly the encodings the experiment trains', async () => {
    const { FULL_SETTINGS, QUICK_SETTINGS } = await import('@lmkit/xpos');
    expect([...EXTRAPOLATION_ENCODINGS]).toEqual(FULL_SETTINGS.encodings);
    expect([...EXTRAPOLATION_ENCODINGS]).toEqual(QUICK_SETTINGS.encodings);
  });

  it('resolution: hand-computed values, both last-term conventions', async () => {
    // s = [ln 2, 0]: e^s = [2, 1]; (2·(2−1) + 1·(1−0)) / 3² = 1/3; dropping the last term: 2/9.
    const zero = await runCli(['--json', 'xpos', 'resolution', '--', `${Math.LN2},0`], { cwd: dir() });
    expect(zero.code, zero.stderr).toBe(0);
    const z = JSON.parse(zero.stdout);
    expect(z.lastTerm).toBe('zero');
    expect(z.resolution).toBeCloseTo(1 / 3, 12);
    const drop = await runCli(['--json', 'xpos', 'resolution', '--drop-last', `${Math.LN2},0`], { cwd: dir() });
    expect(drop.code, drop.stderr).toBe(0);
    expect(JSON.parse(drop.stdout).resolution).toBeCloseTo(2 / 9, 12);
    // Plain output: the number alone.
    const plain = await runCli(['xpos', 'resolution', '0,0'], { cwd: dir() });
    expect(plain.stdout.trim()).toBe('0.250000');
  }, 60_000);

  it('turns bad input into exit 2 with one line and writes nothing', async () => {
    await writeFile(join(dir(), 'a-file'), 'x');
    for (const [args, pattern] of [
      [['xpos', 'resolution', '1,abc'], /score 2 \("abc"\) is not a number/],
      [['xpos', 'resolution', ''], /score 1 \(""\) is not a number/],
      [['xpos', 'extrapolate', '--quick', '--out', 'a-file'], /--out a-file is a file, not a folder/],
      [['xpos', 'extrapolate', '--quick', '--out', 'a-file/xpos'], /--out a-file\/xpos lies inside a file/],
      [['xpos', 'extrapolate', '--steps', '3'], /unknown option '--steps'/],
      [['xpos', 'extrapolate', '--only', 'rope,learned'], /unknown "learned": choose from sinusoidal, rope, alibi, xpos/],
    ] as const) {
      const r = await runCli(args, { cwd: dir() });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
    }
    expect((await readdir(dir())).sort()).toEqual(['a-file']);
  }, 60_000);
});

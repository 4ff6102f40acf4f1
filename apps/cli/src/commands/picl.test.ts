import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test-helpers/run-cli.js';
import { useTempDir } from '@lmkit/test-utils';

const dir = useTempDir('picl-cli');

describe('lmkit picl run', () => {
  it('turns bad settings into exit 2 with one line and writes nothing', async () => {
    await writeFile(join(dir(), 'bad.json'), '{"lm": {"steps": ');
    await writeFile(join(dir(), 'list.json'), '[1, 2]');
    await writeFile(join(dir(), 'unknown.json'), '{"epochs": 3}');
    await writeFile(join(dir(), 'zero.json'), '{"lm": {"steps": 0}}');
    await writeFile(join(dir(), 'long.json'), '{"gain": {"demoMaxTokens": 40}}');
    for (const [args, pattern] of [
      [['picl', 'run', '--quick', '--settings', 'missing.json'], /--settings file missing\.json cannot be read/],
      [['picl', 'run', '--quick', '--settings', 'bad.json'], /--settings file bad\.json is not a JSON object/],
      [['picl', 'run', '--quick', '--settings', 'list.json'], /is not a JSON object \(not an object\)/],
      [['picl', 'run', '--quick', '--settings', 'unknown.json'], /unknown picl setting "epochs"/],
      [['picl', 'run', '--quick', '--settings', 'zero.json'], /picl setting lm\.steps must be a positive number, got 0/],
      [['picl', 'run', '--quick', '--settings', 'long.json'], /longest prompt \(\d+ tokens\) exceeds budget 128/],
      [['picl', 'run', '--quick', '--processes', '0'], /--processes/],
    ] as [string[], RegExp][]) {
      const r = await runCli([...args, '--work', 'work'], { cwd: dir() });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^lmkit: /);
      expect(lines[0]).toMatch(pattern);
    }
    expect((await readdir(dir())).sort()).toEqual(['bad.json', 'list.json', 'long.json', 'unknown.json', 'zero.json']);
  }, 120_000);
});

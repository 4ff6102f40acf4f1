import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Command } from 'commander';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { cliVersion } from './versions.js';
import { buildProgram, forEachCommand, main } from './program.js';
import { mapLimit, runCli, type CliRun } from './test-helpers/run-cli.js';

/** Every command path below the root, e.g. [['info'], ['lm', 'train'], …]. */
function commandPaths(): string[][] {
  const paths: string[][] = [];
  const walk = (cmd: Command, prefix: string[]) => {
    for (const sub of cmd.commands) {
      const path = [...prefix, sub.name()];
      paths.push(path);
      walk(sub, path);
    }
  };
  walk(buildProgram(), []);
  return paths;
}

/** Asserts a bad-input failure: exit 2, exactly one stderr line starting `lmkit: `, no stack frames. */
function expectBadInput(run: CliRun): string {
  expect(run.code, run.stderr).toBe(2);
  const lines = run.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('lmkit: ')).toBe(true);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return line;
}

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-cli-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('command tree', () => {
  it('declares a description on every command and option (the docs reference is generated from them)', () => {
    forEachCommand(buildProgram(), (cmd) => {
      expect(cmd.description(), `command ${cmd.name()}`).not.toBe('');
      for (const opt of cmd.options) expect(opt.description, `${cmd.name()} ${opt.flags}`).not.toBe('');
    });
  });

  it('has the core commands and the global options', () => {
    const program = buildProgram();
    const names = program.commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['info', 'reproduce']));
    const flags = program.options.map((o) => o.long);
    expect(flags).toEqual(expect.arrayContaining(['--json', '--verbose', '--seed', '--backend']));
  });
});

const BUILT_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('main() in-process', () => {
  it('prints help for every command at every depth, exit 0', async () => {
    for (const path of commandPaths()) {
      let out = '';
      let err = '';
      const code = await main(['node', 'lmkit', ...path, '--help'], { stdout: { write: (t) => (out += t) }, stderr: { write: (t) => (err += t) } });
      expect(code, `${path.join(' ')}: ${err}`).toBe(0);
      expect(err).toBe('');
      expect(out).toContain(`Usage: lmkit ${path.join(' ')}`);
    }
  });
});

describe('main() in-process, bad input', () => {
  it('exits 2 with one line for more usage errors, and leaves a file passed as --out alone', async () => {
    const file = join(cwd, 'a-file.txt');
    await writeFile(file, 'keep me');
    const cases: [string[], RegExp][] = [
      [['--seed', '1.5', 'info'], /1\.5/],
      [['--seed', '-3', 'info'], /-3/],
      [['no-such-command'], /no-such-command/],
      [['reproduce', '--only', ''], /comma-separated/],
      [['reproduce', '--only', 'lm', '--out', file], /a-file\.txt/],
    ];
    for (const [args, pattern] of cases) {
      let err = '';
      const code = await main(['node', 'lmkit', ...args], { stdout: { write: () => true }, stderr: { write: (t) => (err += t) } });
      expect(expectBadInput({ code, stdout: '', stderr: err }), args.join(' ')).toMatch(pattern);
    }
    expect(await readFile(file, 'utf8')).toBe('keep me');
  });
});

describe('built CLI (after `pnpm build`)', () => {
  it.skipIf(!existsSync(BUILT_BIN))('is an executable with a node shebang that prints its version', async () => {
    expect(statSync(BUILT_BIN).mode & 0o111).not.toBe(0);
    expect(readFileSync(BUILT_BIN, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    const { stdout } = await promisify(execFile)(BUILT_BIN, ['--version'], { cwd });
    expect(stdout.trim()).toBe(cliVersion());
  });
});

describe('lmkit (spawned)', () => {
  it('prints help for the root and each top-level command, exit 0, nothing on stderr', async () => {
    const paths = [[], ...commandPaths().filter((p) => p.length === 1)];
    const runs = await mapLimit(paths, 2, (p) => runCli([...p, '--help'], { cwd }));
    runs.forEach((run, i) => {
      const path = paths[i] ?? [];
      expect(run.code, `${path.join(' ')}: ${run.stderr}`).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain(`Usage: lmkit${path.length ? ` ${path.join(' ')}` : ''}`);
    });
  });

  it('info --json parses and names the backend that runs', async () => {
    const run = await runCli(['info', '--json', '--backend', 'cpu'], { cwd });
    expect(run.code, run.stderr).toBe(0);
    const info = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(info.backend).toBe('cpu');
    expect(info.requestedBackend).toBe('cpu');
    expect(info.tfjs).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.cores).toBeGreaterThanOrEqual(1);
    expect(info.node).toBe(process.version);
    expect(Object.keys(info.packages as object)).toContain('@lmkit/tensor');
  });

  it('rejects bad input with exit 2 and one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['info', '--no-such-option'], /--no-such-option/],
      [['--seed', 'abc', 'info'], /seed.*abc/],
      [['--backend', 'gpu', 'info'], /gpu/],
      [['reproduce', '--only', 'lm,nope'], /nope/],
      [['lm', 'eval', '--checkpoint', 'missing.file'], /missing\.file/],
    ];
    const runs = await mapLimit(cases, 2, ([args]) => runCli(args, { cwd }));
    runs.forEach((run, i) => {
      const [args, pattern] = cases[i] ?? [[], /./];
      expect(expectBadInput(run), args.join(' ')).toMatch(pattern);
    });
  });

  it('adds the stack trace only with --verbose', async () => {
    const run = await runCli(['--verbose', 'reproduce', '--only', 'lm', '--out', join(cwd, 'verbose-out')], {
      cwd,
      env: { LMKIT_BACKEND: 'gpu' },
    });
    expect(run.code).toBe(2);
    expect(run.stderr.split('\n')[0]).toMatch(/^lmkit: .*LMKIT_BACKEND="gpu"/);
    expect(run.stderr).toMatch(/\n\s+at /);
  });
});

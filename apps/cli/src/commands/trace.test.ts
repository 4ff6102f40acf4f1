import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTraceWorker } from '@lmkit/test-utils';
import { mapLimit, runCli } from '../test-helpers/run-cli.js';

let cwd: string;
beforeAll(async () => {
  buildTraceWorker(); // the sandbox worker runs from packages/trace/dist
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-trace-cli-'));
  await writeFile(join(cwd, 'ok.py'), "s = ['x', 'y']\nn = int(input())\nprint(n * 2)\n");
  await writeFile(join(cwd, 'escape.py'), 'import js\njs.process.exit(9)\n');
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('lmkit trace run', () => {
  it('prints traces (codeexecutor, tutor), and exits 3 with one JSON line when the program is refused', async () => {
    const [ce, tutor, refused] = await mapLimit(
      [
        ['trace', 'run', 'ok.py', '--stdin-literals', '["21"]', '--prefix', 'tutorial'],
        ['trace', 'run', 'ok.py', '--format', 'tutor', '--stdin-literals', '[21]'],
        ['trace', 'run', 'escape.py'],
      ],
      2,
      (args) => runCli(args, { cwd }),
    );
    expect(ce!.code, ce!.stderr).toBe(0);
    // The printed line's <output> step comes before the step of the line that printed it.
    expect(ce!.stdout).toBe(
      '<tutorial> <line> <0> <state> s : [ x , y ] </state> <line> <1> <state> s : [ x , y ] <dictsep> n : 21 </state>' +
        ' <output> 42 <line> <2> <state> s : [ x , y ] <dictsep> n : 21 </state>\n',
    );
    expect(tutor!.code, tutor!.stderr).toBe(0);
    const j = JSON.parse(tutor!.stdout);
    // Python Tutor: the state before each line, then the module's return with the final state.
    expect(j.trace.map((s: { event: string; line: number }) => [s.event, s.line])).toEqual([
      ['step_line', 1],
      ['step_line', 2],
      ['step_line', 3],
      ['return', 3],
    ]);
    expect(j.trace[2].stdout).toBe('');
    expect(j.trace[3].stdout).toBe('42\n');
    expect(j.trace[3].globals).toEqual({ s: ['REF', 1], n: 21 });
    expect(j.trace[3].heap).toEqual({ 1: ['LIST', 'x', 'y'] });
    for (const [r, kind] of [[refused!, 'forbidden']] as const) {
      expect(r.code, r.stderr).toBe(3);
      const lines = r.stdout.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!).error.kind).toBe(kind);
    }
  }, 180_000);

  it('exits 2 on bad input', async () => {
    for (const args of [
      ['trace', 'run', 'missing.py'],
      ['trace', 'run', 'ok.py', '--stdin-literals', 'not json'],
    ]) {
      const r = await runCli(args, { cwd });
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 120_000);
});

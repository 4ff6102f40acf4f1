import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapLimit, runCli } from '../test-helpers/run-cli.js';

let cwd: string;

/** A SingleLine-style record with its true trace (`a = x; b = a + y`), written like `lmkit trace build` does. */
function record(i: number, names = ['a', 'b'], split = 'train'): string {
  const [p, q] = names as [string, string];
  const x = i % 17;
  const y = (i * 7) % 9;
  return JSON.stringify({
    id: `singleline2-1-${i}`,
    set: 'singleline2',
    index: i,
    seed: 1,
    source: `${p} = ${x}\n${q} = ${p} + ${y}\n`,
    trace: `<line> <0> <state> ${p} : ${x} </state> <line> <1> <state> ${p} : ${x} <dictsep> ${q} : ${x + y} </state>`,
    steps: 2,
    output: '',
    origin: { generator: 'singleline-scale', template: 'int.add', split },
  });
}

beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-trace-model-cli-'));
  const lines = Array.from({ length: 60 }, (_, i) => record(i, ['first', 'second'], i % 10 === 0 ? 'test' : 'train'));
  await writeFile(join(cwd, 'sl.jsonl'), lines.join('\n') + '\n');
  await writeFile(join(cwd, 'other.jsonl'), Array.from({ length: 60 }, (_, i) => record(i, ['left', 'right'])).join('\n') + '\n');
  await writeFile(join(cwd, 'cut.jsonl'), `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 40)}\n`);
  await writeFile(join(cwd, 'foreign.jsonl'), `${lines[0]}\n{"text": "a line of some other tool"}\n`);
  await writeFile(join(cwd, 'unknown-set.jsonl'), `${lines[0]}\n${lines[1]!.replace('"set":"singleline2"', '"set":"imagenet"')}\n`);
  await writeFile(join(cwd, 'not-a-trace.jsonl'), `${lines[0]!.replace(/"trace":"[^"]*"/, '"trace":"hello world"')}\n`);
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const SMALL = ['--d-model', '16', '--layers', '1', '--heads', '2', '--max-len', '64', '--token-budget', '256'];

describe('lmkit trace train | predict with the trace model', () => {
  it('refuses corrupt and foreign dataset lines with FILE:LINE and exit 2', async () => {
    const cases = [
      ['cut.jsonl', 'cut.jsonl:3: not valid JSON'],
      ['foreign.jsonl', 'foreign.jsonl:2: needs string fields "set", "source" and "trace"'],
      ['unknown-set.jsonl', 'unknown-set.jsonl:2: unknown set "imagenet"'],
      ['not-a-trace.jsonl', 'not-a-trace.jsonl:1: "trace" is not CodeExecutor trace text'],
    ] as const;
    const runs = await mapLimit(cases, 2, ([file]) => runCli(['trace', 'train', '--singleline', file, '--steps', '2', '--out', `${file}.lmkit`, ...SMALL], { cwd }));
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(`lmkit: ${cases[i]![1]}`);
      expect(existsSync(join(cwd, `${cases[i]![0]}.lmkit`))).toBe(false);
    });
  });

  it('killed mid-run, `--resume` ends with exactly the losses of an uninterrupted run; held-out programs are never trained on', async () => {
    const args = (out: string) => ['--json', 'trace', 'train', '--singleline', 'sl.jsonl', '--steps', '40', '--checkpoint-every', '2', '--out', out, ...SMALL];
    const whole = await runCli(args('whole.lmkit'), { cwd });
    expect(whole.code, whole.stderr).toBe(0);
    const w = JSON.parse(whole.stdout);
    expect(w.steps).toBe(40);
    expect(w.examples).toEqual({ singleline: 54, tutorial: 0, mutants: 0 });
    expect(w.heldOutSkipped).toBe(6);

    // Kill the second run as soon as its first checkpoint exists.
    const killed = await runCli(args('killed.lmkit'), {
      cwd,
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (existsSync(join(cwd, 'killed.lmkit'))) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 20);
        child.on('close', () => clearInterval(timer));
      },
    });
    expect(killed.code).toBeNull(); // died by the signal
    const resumed = await runCli([...args('killed.lmkit'), '--resume'], { cwd });
    expect(resumed.code, resumed.stderr).toBe(0);
    const r = JSON.parse(resumed.stdout);
    expect(r.resumedFrom).toBeGreaterThan(0);
    expect(r.resumedFrom).toBeLessThan(40);
    expect(r.losses).toEqual(w.losses);

    // predict the held-out split and score it
    const pred = await runCli(['trace', 'predict', '--model', 'whole.lmkit', '--data', 'sl.jsonl', '--split', 'test', '--out', 'p.jsonl'], { cwd });
    expect(pred.code, pred.stderr).toBe(0);
    const preds = (await readFile(join(cwd, 'p.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string });
    expect(preds.map((p) => p.id)).toEqual(Array.from({ length: 6 }, (_, k) => `singleline2-1-${k * 10}`));
    // beam search: same programs, one prediction each; a width of 0 is refused in one line
    const [beam, zero] = await mapLimit(
      [
        ['trace', 'predict', '--model', 'whole.lmkit', '--data', 'sl.jsonl', '--split', 'test', '--beam', '3', '--out', 'pb.jsonl'],
        ['trace', 'predict', '--model', 'whole.lmkit', '--data', 'sl.jsonl', '--beam', '0', '--out', 'p0.jsonl'],
      ],
      2,
      (a) => runCli(a, { cwd }),
    );
    expect(beam!.code, beam!.stderr).toBe(0);
    const beamed = (await readFile(join(cwd, 'pb.jsonl'), 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { id: string; stop: string });
    expect(beamed.map((p) => p.id)).toEqual(preds.map((p) => p.id));
    expect(beamed.every((p) => p.stop === 'eos' || p.stop === 'max-len')).toBe(true);
    expect(zero!.code).toBe(2);
    expect(zero!.stderr.trim().split('\n')).toHaveLength(1);
  }, 600_000);

  it('--position rope trains a model without a position table; an unknown kind exits 2 with one line', async () => {
    const [rope, bad] = await mapLimit(
      [
        ['--json', 'trace', 'train', '--singleline', 'sl.jsonl', '--steps', '2', '--position', 'rope', '--out', 'rope.lmkit', ...SMALL],
        ['trace', 'train', '--singleline', 'sl.jsonl', '--steps', '2', '--position', 'alibi', '--out', 'bad.lmkit', ...SMALL],
      ],
      2,
      (args) => runCli(args, { cwd }),
    );
    expect(rope!.code, rope!.stderr).toBe(0);
    const r = JSON.parse(rope!.stdout);
    expect(r.config.position).toBe('rope');
    const learned = JSON.parse((await runCli(['--json', 'trace', 'train', '--singleline', 'sl.jsonl', '--steps', '1', '--out', 'learned.lmkit', ...SMALL], { cwd })).stdout);
    // the learned table holds maxLen × dModel = 64 × 16 parameters that RoPE does not have
    expect(learned.parameters - r.parameters).toBe(64 * 16);
    expect(bad!.code).toBe(2);
    expect(bad!.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(cwd, 'bad.lmkit'))).toBe(false);
  });

  it('refuses to resume a model file trained with another vocabulary, and a file that is not a trace model', async () => {
    const first = await runCli(['trace', 'train', '--singleline', 'sl.jsonl', '--steps', '2', '--out', 'vocab.lmkit', ...SMALL], { cwd });
    expect(first.code, first.stderr).toBe(0);
    await writeFile(join(cwd, 'junk.lmkit'), 'not a checkpoint');
    const [other, junk] = await mapLimit(
      [
        ['trace', 'train', '--singleline', 'other.jsonl', '--steps', '2', '--resume', '--out', 'vocab.lmkit', ...SMALL],
        ['trace', 'predict', '--model', 'junk.lmkit', '--data', 'sl.jsonl', '--out', 'p2.jsonl'],
      ],
      2,
      (a) => runCli(a, { cwd }),
    );
    expect(other!.code).toBe(2);
    expect(other!.stderr).toMatch(/^lmkit: vocab\.lmkit was trained with another vocabulary/);
    expect(junk!.code).toBe(2);
    expect(junk!.stderr.trim().split('\n')).toHaveLength(1);
  }, 300_000);
});

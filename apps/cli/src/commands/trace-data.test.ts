import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTraceWorker } from '@lmkit/test-utils';
import { mapLimit, runCli } from '../test-helpers/run-cli.js';

let cwd: string;
beforeAll(async () => {
  buildTraceWorker(); // the sandbox worker runs from packages/trace/dist
  cwd = await mkdtemp(join(tmpdir(), 'lmkit-trace-data-cli-'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const G = '<line> <0> <state> a : 1 </state> <output> 3 <line> <1> <state> a : 1 <dictsep> b : 2 </state>';

describe('lmkit trace eval', () => {
  it('scores JSONL predictions against gold by id (JSON output), and rejects bad input with exit 2', async () => {
    await writeFile(join(cwd, 'gold.jsonl'), [JSON.stringify({ id: 'p1', trace: G }), JSON.stringify({ id: 'p2', trace: G })].join('\n') + '\n');
    // p1 exact; p2 has a wrong value for b and a malformed extra step.
    const p2 = G.replace('b : 2', 'b : 5') + ' <line> <9> oops </state>';
    await writeFile(join(cwd, 'pred.jsonl'), [JSON.stringify({ id: 'p2', trace: p2 }), JSON.stringify({ id: 'p1', trace: G })].join('\n') + '\n');
    await writeFile(join(cwd, 'bad.jsonl'), '{"trace": 1}\n');
    // A trace ending in <output>: metric.py drops that last step (no </state>), lmkit's reading keeps it.
    await writeFile(join(cwd, 'tail.jsonl'), `${JSON.stringify({ trace: '<line> <0> <state> a : 1 </state> <output> 7' })}\n`);
    const [ok, missing, bad, tailRef, tailLmkit] = await mapLimit(
      [
        ['--json', 'trace', 'eval', '--pred', 'pred.jsonl', '--gold', 'gold.jsonl'],
        ['trace', 'eval', '--pred', 'nope.jsonl', '--gold', 'gold.jsonl'],
        ['trace', 'eval', '--pred', 'bad.jsonl', '--gold', 'gold.jsonl'],
        ['--json', 'trace', 'eval', '--pred', 'tail.jsonl', '--gold', 'tail.jsonl'],
        ['--json', 'trace', 'eval', '--pred', 'tail.jsonl', '--gold', 'tail.jsonl', '--no-reference-quirks'],
      ],
      2,
      (args) => runCli(args, { cwd }),
    );
    expect(ok!.code, ok!.stderr).toBe(0);
    const r = JSON.parse(ok!.stdout);
    expect(r.definition).toBe('reference');
    expect(r.programs).toBe(2);
    expect(r.traceAccuracy).toBe(0.5);
    expect(r.outputAccuracy).toBe(1);
    // sentences: p1 3/3; p2 2 of 4 (b wrong, an extra step) vs 3 gold
    expect(r.lines).toMatchObject({ correct: 5, predicted: 7, gold: 6 });
    expect(r.identifiers).toMatchObject({ correct: 5, predicted: 6, gold: 6 });
    // metric.py's eight numbers: 5/7 → 71.43, 5/6 → 83.33, F1 50/65 → 76.92
    expect(r.reference).toEqual({ outputAccuracy: 100, traceAccuracy: 50, lineP: 71.43, lineR: 83.33, lineF1: 76.92, identifierP: 83.33, identifierR: 83.33, identifierF1: 83.33 });
    expect(r.diagnostics.malformed.count).toBe(1);
    const ref = JSON.parse(tailRef!.stdout);
    const mine = JSON.parse(tailLmkit!.stdout);
    expect([ref.definition, ref.outputAccuracy, ref.reference.outputAccuracy, ref.lines.gold]).toEqual(['reference', null, null, 1]);
    expect([mine.definition, mine.outputAccuracy, mine.lines.gold]).toEqual(['lmkit', 1, 2]);
    for (const [run, msg] of [
      [missing!, '--pred file not found: nope.jsonl'],
      [bad!, 'bad.jsonl:1: needs a string "trace"'],
    ] as const) {
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain(msg);
    }
  });
});

describe('lmkit trace build | train | predict', () => {
  it('builds real traced shards that concatenate to the whole set; trains, predicts and evaluates', async () => {
    const base = ['trace', 'build', '--set', 'singleline', '--n', '7', '--workers', '1'];
    const runs = await mapLimit(
      [
        [...base, '--out', 'all.jsonl'],
        [...base, '--shard', '1/2', '--out', 's1.jsonl'],
        [...base, '--shard', '2/2', '--out', 's2.jsonl'],
      ],
      2,
      (args) => runCli(args, { cwd }),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const all = await readFile(join(cwd, 'all.jsonl'), 'utf8');
    expect((await readFile(join(cwd, 's1.jsonl'), 'utf8')) + (await readFile(join(cwd, 's2.jsonl'), 'utf8'))).toBe(all);
    const recs = all.trim().split('\n').map((l) => JSON.parse(l) as { trace: string; index: number });
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) expect(r.trace.startsWith('<line> <0> <state>')).toBe(true);

    const train = await runCli(['--json', 'trace', 'train', '--singleline', 'all.jsonl', '--steps', '3', '--d-model', '16', '--layers', '1', '--heads', '2', '--max-len', '96', '--out', 'm.lmkit'], { cwd });
    expect(train.code, train.stderr).toBe(0);
    expect(JSON.parse(train.stdout).steps).toBe(3);
    const pred = await runCli(['trace', 'predict', '--model', 'm.lmkit', '--data', 'all.jsonl', '--limit', '2', '--out', 'p.jsonl'], { cwd });
    expect(pred.code, pred.stderr).toBe(0);
    const preds = (await readFile(join(cwd, 'p.jsonl'), 'utf8')).trim().split('\n');
    expect(preds).toHaveLength(2);
    const ev = await runCli(['--json', 'trace', 'eval', '--pred', 'p.jsonl', '--gold', 'all.jsonl'], { cwd });
    expect(ev.code, ev.stderr).toBe(0);
    expect(JSON.parse(ev.stdout).programs).toBe(recs.length); // predictions missing for the rest count as empty
  });
});

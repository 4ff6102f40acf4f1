import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShard, shardRange } from '@lmkit/tensor';
import type { TraceProgram } from '../build.js';
import { buildDatasetFile, droppedLogPath, resumePoint } from './build-file.js';

/** A stand-in tracer (the file mechanics do not depend on real traces): fails on programs using pop. */
const fakeTrace: TraceProgram = async (source) =>
  source.includes('pop')
    ? { ok: false, error: { kind: 'python', message: 'IndexError' }, trace: '', steps: 0, stdout: '' }
    : { ok: true, trace: `<line> <0> <state> n : ${source.length} </state>`, steps: 1, stdout: '' };

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lmkit-trace-build-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('shards', () => {
  it('parses k/n and splits into contiguous ranges covering every index once', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    expect(() => parseShard('0/4')).toThrow(/1 ≤ k ≤ n/);
    expect(() => parseShard('5/4')).toThrow(/1 ≤ k ≤ n/);
    expect(() => parseShard('a/b')).toThrow(/k\/n/);
    expect([1, 2, 3].map((k) => shardRange(10, { index: k, count: 3 }))).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
  });

  it('concatenating the shards equals the single run byte for byte', async () => {
    const whole = join(dir, 'whole.jsonl');
    await buildDatasetFile({ set: 'singleline', n: 23, seed: 5, out: whole }, {}, fakeTrace);
    const parts: string[] = [];
    for (let k = 1; k <= 3; k++) {
      const out = join(dir, `part${k}.jsonl`);
      await buildDatasetFile({ set: 'singleline', n: 23, seed: 5, shard: { index: k, count: 3 }, out }, {}, fakeTrace);
      parts.push(await readFile(out, 'utf8'));
    }
    const full = await readFile(whole, 'utf8');
    expect(parts.join('')).toBe(full);
    const recs = full.trim().split('\n').map((l) => JSON.parse(l) as { index: number; source: string });
    expect(recs.every((r) => !r.source.includes('pop'))).toBe(true); // errors dropped by default
    expect(new Set(recs.map((r) => r.index)).size).toBe(recs.length);
  });

  it('keeps failing programs with their error under keepErrors', async () => {
    const out = join(dir, 'keep.jsonl');
    const s = await buildDatasetFile({ set: 'singleline', n: 40, seed: 5, out, keepErrors: true }, {}, fakeTrace);
    const recs = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { index: number; source: string; error?: { kind: string } });
    expect(recs.map((r) => r.index)).toEqual([...Array(40).keys()]);
    expect(recs.filter((r) => r.error).length).toBe(recs.filter((r) => r.source.includes('pop')).length);
    expect(s.dropped).toEqual({});
  });
});

describe('resume', () => {
  it('continues a killed build (cut last line) without duplicates, giving the same bytes', async () => {
    const ref = join(dir, 'ref.jsonl');
    await buildDatasetFile({ set: 'singleline', n: 30, seed: 9, out: ref }, {}, fakeTrace);
    const full = await readFile(ref, 'utf8');
    const lines = full.split('\n');
    // Simulate a kill: 11 complete records, then half of the 12th.
    const partial = lines.slice(0, 11).join('\n') + '\n' + lines[11]!.slice(0, 17);
    const out = join(dir, 'killed.jsonl');
    await writeFile(out, partial);
    const s = await buildDatasetFile({ set: 'singleline', n: 30, seed: 9, out }, {}, fakeTrace);
    expect(await readFile(out, 'utf8')).toBe(full);
    expect(s.resumedAt).toBe((JSON.parse(lines[10]!) as { index: number }).index + 1);
    // A finished file resumes to a no-op.
    const again = await buildDatasetFile({ set: 'singleline', n: 30, seed: 9, out }, {}, fakeTrace);
    expect(again.written).toBe(0);
    expect(await readFile(out, 'utf8')).toBe(full);
  });

  it('reports the drops of the killed run too, counting none twice', async () => {
    const ref = join(dir, 'drops-ref.jsonl');
    const whole = await buildDatasetFile({ set: 'singleline', n: 80, seed: 3, out: ref }, {}, fakeTrace);
    const total = Object.values(whole.dropped).reduce((a, b) => a + b, 0);
    const lines = (await readFile(ref, 'utf8')).split('\n');
    expect(total).toBeGreaterThan(0);
    expect(whole.total + total).toBe(80);
    expect((await readFile(droppedLogPath(ref), 'utf8')).trim().split('\n')).toHaveLength(total);
    // Killed after 40 records: its drop log already holds every drop, some after the last record.
    const out = join(dir, 'drops-killed.jsonl');
    await writeFile(out, `${lines.slice(0, 40).join('\n')}\n`);
    await writeFile(droppedLogPath(out), await readFile(droppedLogPath(ref), 'utf8'));
    const resumed = await buildDatasetFile({ set: 'singleline', n: 80, seed: 3, out }, {}, fakeTrace);
    expect(resumed.written).toBe(whole.total - 40);
    expect(resumed.dropped).toEqual(whole.dropped);
    expect(await readFile(droppedLogPath(out), 'utf8')).toBe(await readFile(droppedLogPath(ref), 'utf8'));
    const again = await buildDatasetFile({ set: 'singleline', n: 80, seed: 3, out }, {}, fakeTrace);
    expect(again.dropped).toEqual(whole.dropped);
  });

  it('refuses to append to a file from another build', async () => {
    const out = join(dir, 'other.jsonl');
    await buildDatasetFile({ set: 'singleline', n: 3, seed: 1, out }, {}, fakeTrace);
    await expect(resumePoint(out, 'singleline', 2, 0, 3)).rejects.toThrow(/another build \(set singleline, seed 1/);
    await writeFile(out, 'not json\n');
    await expect(resumePoint(out, 'singleline', 1, 0, 3)).rejects.toThrow(/not JSON/);
    await truncate(out, 0);
    await expect(resumePoint(out, 'singleline', 1, 0, 3)).resolves.toEqual({ next: 0, records: 0 });
  });
});

import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LmkitError, silentProgress, type ReproduceContext } from '@lmkit/tensor';
import { writeFileAtomic } from '../atomic.js';
import { runReproduce, type ReproduceOptions } from './run.js';
import type { SectionEntry } from './sections.js';
import { fakeSection } from './fixtures.test-util.js';

let out: string;
let calls: Record<string, ReproduceContext[]>;
let logs: string[];

function entry(id: string, run: (ctx: ReproduceContext) => unknown): SectionEntry {
  return {
    title: `Registry title ${id}`,
    packageName: 'test',
    load: async () => async (ctx) => {
      (calls[id] ??= []).push(ctx);
      return (await run(ctx)) as ReturnType<typeof fakeSection>;
    },
  };
}

const sections: Record<string, SectionEntry> = {
  good: entry('good', () => fakeSection({ id: 'good', title: 'Good section' })),
  crash: entry('crash', () => {
    throw new TypeError('cannot read properties of undefined');
  }),
  badinput: entry('badinput', () => {
    throw new LmkitError('LMKIT_BAD_DATA', 'corpus line 3 is not JSON');
  }),
  malformed: entry('malformed', () => ({ id: 'malformed', title: 'x' })),
};

function options(overrides: Partial<ReproduceOptions> = {}): ReproduceOptions {
  return {
    out,
    only: ['good'],
    quick: true,
    seed: 1,
    fresh: false,
    backend: 'cpu',
    versions: { lmkit: '0.0.0' },
    cores: 2,
    progress: () => silentProgress,
    log: (line) => logs.push(line),
    write: (path, data) => writeFileAtomic(path, data),
    sections,
    ...overrides,
  };
}

beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'lmkit-reproduce-'));
  calls = {};
  logs = [];
});
afterEach(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('runReproduce', () => {
  it('gives each section its work folder and settings, and writes report.md, report.json, SVG and spec', async () => {
    const result = await runReproduce(options({ seed: 5 }));
    expect(result.exitCode).toBe(0);
    expect(calls.good?.[0]).toMatchObject({ quick: true, seed: 5, workDir: join(out, '.work', 'good') });
    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Record<string, any>;
    expect(Object.keys(json)).toEqual(['meta', 'good']);
    expect(json.meta).toMatchObject({ seed: 5, quick: true, backend: 'cpu', sections: ['good'] });
    expect(json.good.data).toEqual({ losses: [3.2, 2.9, 2.7], steps: 40 });
    expect(json.good.comparisons[0]).toEqual({ metric: 'ppl@4L xpos', ours: 12.3456, paper: 25.1, table: 'Table 2', note: 'Our model has 0.1M parameters.' });
    expect(json.good.charts[0]).toEqual({ id: 'loss curve', title: 'Loss by model', svg: 'charts/good-loss-curve.svg', spec: 'charts/good-loss-curve.vl.json' });
    expect(await readFile(join(out, 'charts', 'good-loss-curve.svg'), 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>$/);
    const spec = JSON.parse(await readFile(join(out, 'charts', 'good-loss-curve.vl.json'), 'utf8')) as { mark: string };
    expect(spec.mark).toBe('bar');
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Good section');
    expect(md).toContain('![Loss by model](charts/good-loss-curve.svg)');
  });

  it('reuses a finished section on the next run, but not with other settings or --fresh', async () => {
    await runReproduce(options());
    const second = await runReproduce(options());
    expect(calls.good).toHaveLength(1);
    expect(second.report.outcomes[0]?.resumed).toBe(true);
    expect((await readFile(join(out, 'report.md'), 'utf8'))).toContain('result reused from an earlier run');

    await runReproduce(options({ quick: false }));
    expect(calls.good).toHaveLength(2);
    await runReproduce(options({ quick: false, fresh: true }));
    expect(calls.good).toHaveLength(3);
  });

  it('wipes a work folder left by other settings before rerunning (no quick checkpoints in a full run)', async () => {
    await runReproduce(options({ only: ['good'] }));
    await writeFileAtomic(join(out, '.work', 'good', 'checkpoint.bin'), 'quick-run weights');
    await runReproduce(options({ seed: 2 }));
    await expect(stat(join(out, '.work', 'good', 'checkpoint.bin'))).rejects.toThrow(/ENOENT/);
  });

  it('records a crashing section, runs the others, and exits 1', async () => {
    const result = await runReproduce(options({ only: ['crash', 'good'] }));
    expect(result.exitCode).toBe(1);
    expect(calls.good).toHaveLength(1);
    expect(result.json.crash).toMatchObject({ status: 'error', error: { code: null, message: 'cannot read properties of undefined', badInput: false } });
    expect(logs).toContain('lmkit: reproduce section crash failed: cannot read properties of undefined');
    expect(await readFile(join(out, 'report.md'), 'utf8')).toContain('**This section failed:** cannot read properties of undefined');
    // a failed section is not saved, so the next run tries it again
    await runReproduce(options({ only: ['crash'] }));
    expect(calls.crash).toHaveLength(2);
  });

  it('exits 2 when only bad input failed, and 1 for a malformed section report', async () => {
    expect((await runReproduce(options({ only: ['badinput', 'good'] }))).exitCode).toBe(2);
    const malformed = await runReproduce(options({ only: ['malformed'] }));
    expect(malformed.exitCode).toBe(1);
    expect(malformed.json.malformed).toMatchObject({ error: { code: 'LMKIT_INTERNAL' } });
  });

  it('logs one plain line as each section starts and one as it ends, with elapsed seconds (done, failed, reused)', async () => {
    await runReproduce(options({ only: ['good', 'crash'] }));
    const lines = logs.filter((l) => /^lmkit: reproduce \w+ \(/.test(l));
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe('lmkit: reproduce good (1/2): started: Registry title good');
    expect(lines[1]).toMatch(/^lmkit: reproduce good \(1\/2\): done in \d+\.\d s \(\d+\.\d s since start\)$/);
    expect(lines[2]).toBe('lmkit: reproduce crash (2/2): started: Registry title crash');
    expect(lines[3]).toMatch(/^lmkit: reproduce crash \(2\/2\): failed in \d+\.\d s \(\d+\.\d s since start\)$/);
    logs = [];
    await runReproduce(options({ only: ['good'] }));
    expect(logs.at(-1)).toMatch(/^lmkit: reproduce good \(1\/1\): reused in \d+\.\d s/);
  });

  it('refuses an --out that is a file, before running anything', async () => {
    await writeFileAtomic(join(out, 'file'), 'x');
    await expect(runReproduce(options({ out: join(out, 'file') }))).rejects.toMatchObject({ code: 'LMKIT_BAD_ARGUMENT' });
    expect(calls.good).toBeUndefined();
  });
});

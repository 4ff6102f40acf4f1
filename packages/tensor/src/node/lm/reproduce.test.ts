import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init.js';
import { silentProgress } from '../../report/types.js';
import { chartProblems } from '../../report/chart.js';
import { runLmSection } from './reproduce.js';
import { FULL_SETTINGS, QUICK_SETTINGS } from '../../experiment/settings.js';

beforeAll(async () => {
  await initBackend();
});

const tiny = { corpus: 'moby-dick', maxChars: 20_000, dModel: 16, numHeads: 2, numLayers: 1, seqLen: 16, batchSize: 4, steps: 6, checkpointEvery: 3, evalTokens: 400, seed: 2 } as const;

describe('lm reproduce section', () => {
  it('reports the curve, perplexity and throughput, and reuses its checkpoint', async () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'lmkit-rep-'));
    const ctx = { quick: true, seed: 2, workDir, progress: silentProgress };
    const a = await runLmSection(ctx, tiny);
    expect(a.id).toBe('lm');
    expect(a.charts[0]!.spec).toMatchObject({ data: { values: expect.any(Array) } });
    expect((a.charts[0]!.spec as { data: { values: unknown[] } }).data.values).toHaveLength(6);
    expect(a.data).toMatchObject({ resumedFrom: 0, validTokens: 399, backend: 'wasm' });
    expect(a.data.validPpl).toBeCloseTo(Math.exp(a.data.validNll as number), 8);
    expect(a.data.tokensPerSec).toBeGreaterThan(0);
    expect(a.comparisons[0]).toMatchObject({ ours: a.data.validPpl, paper: null, table: null });
    expect(a.scaleNote).toMatch(/Laptop scale/);
    // Report as data: the table holds the measured numbers, the chart is readable.
    const rows = a.tables![0]!.rows;
    expect(rows.find((r) => String(r.measure).startsWith('validation perplexity'))!.value).toMatchObject({ value: a.data.validPpl });
    expect(rows.find((r) => r.measure === 'training loss, first step')!.value).toMatchObject({ value: a.data.firstLoss });
    expect(chartProblems(a.charts[0]!)).toEqual([]);
    expect(a.findings).toEqual([]);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);

    // A second run finds the finished checkpoint: nothing retrained, same numbers.
    const b = await runLmSection(ctx, tiny);
    expect(b.data.resumedFrom).toBe(6);
    expect(b.findings).toEqual(['Resumed from the checkpoint at step 6.']);
    expect(b.data.validPpl).toBe(a.data.validPpl);
    expect(b.data.losses).toEqual(a.data.losses);

    // A damaged checkpoint is discarded and the section trains again from scratch.
    writeFileSync(path.join(workDir, 'lm.lmkit'), 'garbage');
    const c = await runLmSection(ctx, tiny);
    expect(c.data.resumedFrom).toBe(0);
    expect(c.data.losses).toEqual(a.data.losses);
  });

  it('quick settings are smaller than full ones', () => {
    const q = QUICK_SETTINGS;
    const f = FULL_SETTINGS;
    expect(q.steps).toBeLessThan(f.steps);
    expect(q.maxChars!).toBeLessThan(f.maxChars!);
  });
});

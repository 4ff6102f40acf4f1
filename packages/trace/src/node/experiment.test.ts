import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, silentProgress } from '@lmkit/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_NUMBERS } from '../experiment/paper.js';
import type { TraceExperimentSettings } from '../experiment/settings.js';
import { runTraceExperiment } from './experiment.js';

const TINY: TraceExperimentSettings = {
  singlelineTrain: 24,
  singlelineTest: 4,
  mutants: 6,
  tutorialHoldoutEvery: 4,
  tutorialEvalMax: 2,
  model: { dModel: 16, numHeads: 2, numLayers: 1, maxLen: 128 },
  steps: 6,
  batchSize: 2,
  lr: 3e-3,
  tutorialShare: 0.5,
  checkpointEvery: 3,
  throughputPrograms: 4,
  workers: 1,
};

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'lmkit-trace-section-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace experiment (reproduce section)', () => {
  it('builds data, trains, evaluates, compares with Table 2, and resumes from its work folder', async () => {
    const ctx = { quick: true, seed: 2, workDir: dir, progress: silentProgress };
    const a = await runTraceExperiment(ctx, TINY);
    expect(a.id).toBe('trace');
    const tut = a.comparisons.find((c) => c.metric === 'Tutorial output accuracy')!;
    expect(tut.paper).toBe(PAPER_NUMBERS.tutorialOutputAcc);
    expect(tut.table).toMatch(/Table 2/);
    for (const c of a.comparisons) if (c.ours !== null) expect(c.ours).toBeGreaterThanOrEqual(0), expect(c.ours).toBeLessThanOrEqual(100);
    const data = a.data as { singleline: { programs: number }; datasets: { singleline: { records: number } }; losses: number[]; throughput: { singlelineProgramsPerSec: number } };
    expect(data.singleline.programs).toBe(4);
    expect(data.datasets.singleline.records).toBe(28);
    expect(data.losses).toHaveLength(6);
    expect(data.throughput.singlelineProgramsPerSec).toBeGreaterThan(0);
    expect(a.charts[0]!.spec).toHaveProperty('facet');
    expect(a.markdown).toBeUndefined();
    expect(a.tables?.map((t) => t.id)).toEqual(['held-out', 'datasets', 'throughput']);
    expect(a.scaleNote).toMatch(/125M/);
    const before = await readFile(join(dir, 'singleline.jsonl'), 'utf8');
    // Second run: datasets and model are reused (nothing re-traced or re-trained).
    const b = await runTraceExperiment(ctx, TINY);
    expect(await readFile(join(dir, 'singleline.jsonl'), 'utf8')).toBe(before);
    expect((b.data as { resumedFrom: number }).resumedFrom).toBe(6);
    expect((b.data as { singleline: unknown }).singleline).toEqual(data.singleline);
  });
});

import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend, silentProgress } from '@lmkit/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAPER_NUMBERS } from '../experiment/paper.js';
import type { TraceExperimentResult } from '../experiment/result.js';
import type { TraceExperimentSettings } from '../experiment/settings.js';
import { RESULT_FILE, runTraceExperiment } from './experiment.js';

const TINY: TraceExperimentSettings = {
  build: { singleline: 200, teaching: 60, codenetmut: 8 },
  evaluate: { singleline: 3, singlelineTemplates: 2, tutorial: 2, codenetmut: 2 },
  evalCap: 2,
  curve: { singleline: 2, tutorial: 1, codenetmut: 0, every: 2 },
  model: { dModel: 16, numHeads: 2, numLayers: 1, maxLen: 256 },
  steps: 4,
  tokenBudget: 512,
  lr: 3e-3,
  curriculum: 'mixed',
  checkpointEvery: 2,
  logEvery: 0,
  workers: 1,
  throughputPrograms: 4,
};

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'lmkit-trace-experiment-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('trace experiment (reproduce section)', () => {
  it('builds the sets, trains, evaluates every held-out set against the baselines, and resumes from its work folder', async () => {
    const ctx = { quick: true, seed: 2, workDir: dir, progress: silentProgress };
    const a = await runTraceExperiment(ctx, TINY);
    expect(a.id).toBe('trace');
    expect(a.comparisons.find((c) => c.metric === 'Tutorial output accuracy')!.paper).toBe(PAPER_NUMBERS.tutorialOutputAcc);
    const r = JSON.parse(await readFile(join(dir, RESULT_FILE), 'utf8')) as TraceExperimentResult;
    expect(r.training.steps).toBe(4);
    expect(r.training.losses).toHaveLength(4);
    expect(r.curve.map((p) => p.step)).toEqual([2, 4]);
    expect(r.datasets.heldOut.singleline).toBeGreaterThan(0);
    expect(r.evaluation.singleline.programs).toBe(Math.min(3, r.datasets.heldOut.singleline));
    expect(Object.keys(r.evaluation.singleline.baselines).sort()).toEqual(['copy the previous state', 'line order only']);
    expect(r.datasets.traced.singleline!.records).toBeGreaterThan(190);
    expect(r.throughput.singlelineProgramsPerSec).toBeGreaterThan(0);
    for (const c of a.comparisons) {
      if (c.ours === null) continue;
      expect(c.ours).toBeGreaterThanOrEqual(0);
      expect(c.ours).toBeLessThanOrEqual(100);
    }
    const before = await readFile(join(dir, 'singleline2.jsonl'), 'utf8');
    // Second run: datasets and model are reused (nothing re-traced or re-trained), same numbers.
    await runTraceExperiment(ctx, TINY);
    expect(await readFile(join(dir, 'singleline2.jsonl'), 'utf8')).toBe(before);
    const again = JSON.parse(await readFile(join(dir, RESULT_FILE), 'utf8')) as TraceExperimentResult;
    expect(again.training.resumedFrom).toBe(4);
    expect(again.evaluation).toEqual(r.evaluation);
    // Other training settings: the traced sets are kept as they are, the model starts afresh, and
    // with logEvery the log tells the progress without a terminal.
    const lines: string[] = [];
    const logged = { ...silentProgress, log: (m: string) => void lines.push(m) };
    await runTraceExperiment({ ...ctx, progress: logged }, { ...TINY, steps: 6, logEvery: 3 });
    expect(await readFile(join(dir, 'singleline2.jsonl'), 'utf8')).toBe(before);
    const third = JSON.parse(await readFile(join(dir, RESULT_FILE), 'utf8')) as TraceExperimentResult;
    expect(third.training.resumedFrom).toBe(0);
    expect(third.training.steps).toBe(6);
    expect(lines.filter((l) => l.startsWith('trace train: step '))).toHaveLength(2);
    expect(lines.filter((l) => l.startsWith('trace curve: step '))).toHaveLength(3);
    expect(lines.some((l) => l.startsWith('trace data: singleline2.jsonl has ') && l.includes('(0 traced now'))).toBe(true);
    expect(lines.filter((l) => l.startsWith('trace eval: ') && l.includes(' programs, trace '))).toHaveLength(5);
  }, 900_000);
});

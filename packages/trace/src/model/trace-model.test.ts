import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lmkit/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreTraces } from '../metrics/score.js';
import { fitTraceTokenizer } from './curriculum.js';
import { loadTraceModel } from './node/model-file.js';
import { trainTraceModelFile } from './node/train-file.js';
import { curriculumBatch, stageAt, type CurriculumStage } from './train.js';

const DATA = [
  { set: 'singleline', source: 'a = 3\nb = a + 1\n', trace: '<line> <0> <state> a : 3 </state> <line> <1> <state> a : 3 <dictsep> b : 4 </state>' },
  { set: 'singleline', source: "s = 'ab'\nt = s * 2\n", trace: '<line> <0> <state> s : ab </state> <line> <1> <state> s : ab <dictsep> t : abab </state>' },
];
const TUTORIAL = [{ set: 'tutorial', source: 'x = 2\nprint(x * 5)\n', trace: '<line> <0> <state> x : 2 </state> <line> <1> <state> x : 2 </state> <output> 10' }];
const SMALL = { dModel: 32, numHeads: 2, numLayers: 1, maxLen: 64 };

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'lmkit-trace-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('curriculum batches', () => {
  it('follows the stages in order and rehearses earlier stages at the given rate', () => {
    const tok = fitTraceTokenizer([...DATA, ...TUTORIAL]);
    const mk = (n: number) => ({ ids: [n], promptLength: 0, truncated: false });
    const stages: CurriculumStage[] = [
      { name: 'a', examples: [mk(1)], steps: 3 },
      { name: 'b', examples: [mk(2)], steps: 2, rehearsal: 0.5 },
    ];
    expect([0, 2, 3, 4, 9].map((s) => stageAt(stages, s).stage.name)).toEqual(['a', 'a', 'b', 'b', 'b']);
    expect(curriculumBatch(stages, 1, 8, 1).every((e) => e.ids[0] === 1)).toBe(true);
    const mixed = Array.from({ length: 50 }, (_, s) => curriculumBatch(stages, 3 + (s % 2), 20, s)).flat();
    const share = mixed.filter((e) => e.ids[0] === 1).length / mixed.length;
    expect(share).toBeGreaterThan(0.4);
    expect(share).toBeLessThan(0.6);
    expect(curriculumBatch(stages, 3, 8, 7)).toEqual(curriculumBatch(stages, 3, 8, 7));
    expect(tok.vocabSize).toBeGreaterThan(200);
  });
});

describe('trace model', () => {
  it('learns its training traces; cached and uncached greedy decoding agree; reload and resume are exact', async () => {
    const out = join(dir, 'm.lmkit');
    const r = await trainTraceModelFile({ singleline: DATA, tutorial: TUTORIAL, out, steps: 160, seed: 3, model: SMALL, batchSize: 4, lr: 1e-2, checkpointEvery: 1000 });
    expect(r.stages.map((s) => [s.name, s.examples])).toEqual([
      ['singleline', 2],
      ['tutorial', 1],
    ]);
    const preds = [...DATA, ...TUTORIAL].map((d) => r.model.predict(d.source, d.set === 'singleline' ? 'singleline' : 'tutorial'));
    const m = scoreTraces(
      preds.map((p) => p.trace),
      [...DATA, ...TUTORIAL].map((d) => d.trace),
    );
    expect(m.traceAccuracy).toBe(1); // a memorised training set
    expect(preds.every((p) => p.stop === 'eos')).toBe(true);
    const uncached = r.model.predict(DATA[0]!.source, 'singleline', { useCache: false });
    expect(uncached).toEqual(preds[0]);
    const loaded = await loadTraceModel(out);
    expect(loaded.model.predict(DATA[1]!.source, 'singleline')).toEqual(preds[1]);
    loaded.model.dispose();
    loaded.trainer?.dispose();
    r.model.dispose();
  });

  it('a run resumed from its checkpoint reproduces the uninterrupted losses', async () => {
    const opts = { singleline: DATA, tutorial: TUTORIAL, steps: 12, seed: 5, model: SMALL, batchSize: 2, checkpointEvery: 4 } as const;
    const straight = await trainTraceModelFile({ ...opts, out: join(dir, 'a.lmkit') });
    straight.model.dispose();
    // Interrupted after 8 steps: train 8 of the 12 steps by stopping the schedule there.
    const partial = join(dir, 'b.lmkit');
    const first = await trainTraceModelFile({ ...opts, out: partial, steps: 12, stopAfter: 8 });
    first.model.dispose();
    const resumed = await trainTraceModelFile({ ...opts, out: partial, resume: true });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(8);
    expect(resumed.losses).toHaveLength(12);
    resumed.losses.forEach((l, i) => expect(l).toBeCloseTo(straight.losses[i]!, 5));
  });
});

import { initBackend } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { memoryStore } from '../experiment/store.js';
import { mixedBatch, trainOnStream, type TrainOnStreamOptions } from './train-on-stream.js';
import { instanceStream, plainStream } from './streams.js';
import { SEP } from './tokens.js';

beforeAll(async () => {
  await initBackend();
});

const plain = Int32Array.from({ length: 400 }, (_, i) => 40 + ((i * 7) % 23));
const instances = Int32Array.from({ length: 400 }, (_, i) => 40 + ((i * 3) % 11));
const base: TrainOnStreamOptions = {
  config: { vocabSize: 64, dModel: 16, numHeads: 2, numLayers: 1, seed: 5 },
  steps: 6,
  batchSize: 4,
  seqLen: 12,
  lr: 1e-2,
  seed: 9,
  plain,
  instances: { stream: instances, fraction: 0.5 },
  checkpointEvery: 2,
};

describe('streams', () => {
  it('puts <sep> before every paragraph and keeps a document’s paragraphs together, in order', () => {
    const s = Array.from(plainStream([[[1, 2], [3]], [[4]]], 0));
    expect(s).toHaveLength(7);
    const i = s.indexOf(1);
    expect(s.slice(i - 1, i + 4)).toEqual([SEP, 1, 2, SEP, 3]);
    expect(Array.from(instanceStream([[[5], [6, 7]]], 1))).toEqual([SEP, 5, SEP, 6, 7]);
  });
});

describe('mixedBatch', () => {
  it('takes round(fraction · B) rows from the instance stream, the rest from plain text', () => {
    const b = mixedBatch(base, 0);
    expect(b.inputs).toHaveLength(4);
    const fromInstances = b.inputs.filter((row) => row.every((t) => t < 51)).length;
    expect(fromInstances).toBe(2);
    expect(b.targets[0]!.slice(0, -1)).toEqual(b.inputs[0]!.slice(1));
  });
});

describe('trainOnStream', () => {
  it('resumes a killed run from its last checkpoint to the same losses, probes and weights', async () => {
    const probe = { every: 3, run: (_m: unknown, step: number) => [step * 10] };
    const whole = await trainOnStream({ ...base, probe });
    const store = memoryStore();
    // Killed after step 5 (the checkpoint of step 4 is saved, step 5 is lost).
    await expect(
      trainOnStream({
        ...base,
        probe,
        store,
        onStep: (s) => {
          if (s === 4) throw new Error('killed');
        },
      }),
    ).rejects.toThrow('killed');
    const resumed = await trainOnStream({ ...base, probe, store });
    expect(resumed.resumedFrom).toBe(4);
    expect(resumed.losses).toEqual(whole.losses);
    expect(resumed.probes).toEqual([{ step: 3, values: [30] }, { step: 6, values: [60] }]);
    for (const [name, v] of whole.model.namedVariables()) expect(Array.from(resumed.model.variable(name).dataSync())).toEqual(Array.from(v.dataSync()));
    // A finished checkpoint resumes to the end without training.
    const again = await trainOnStream({ ...base, probe, store });
    expect(again.resumedFrom).toBe(6);
    expect(again.losses).toEqual(whole.losses);
    for (const m of [whole.model, resumed.model, again.model]) m.dispose();
  });

  it('trains from scratch when the checkpoint is damaged, and says so', async () => {
    const store = memoryStore();
    await store.write('lm.ckpt', new TextEncoder().encode('garbage'));
    const logs: string[] = [];
    const r = await trainOnStream({ ...base, store, log: (m) => logs.push(m) });
    expect(r.resumedFrom).toBe(0);
    expect(logs.join()).toMatch(/lm\.ckpt is damaged/);
    r.model.dispose();
  });
});

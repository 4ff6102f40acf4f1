import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { CharTokenizer, initBackend } from '@lmkit/tensor';
import { loadCorpus } from '@lmkit/tensor/node';
import type { XposSettings } from './settings.js';
import { runExtrapolation, type ExtrapolationOptions } from './run.js';
import type { ExperimentStore } from '@lmkit/tensor';

let base: Omit<ExtrapolationOptions, 'store'>;

beforeAll(async () => {
  await initBackend();
  const corpus = loadCorpus('moby-dick', { maxChars: 40_000 });
  const tok = CharTokenizer.fromText(corpus.train);
  const config: XposSettings = {
    trainLength: 8,
    evalMultiples: [0.5, 1, 2],
    model: { dModel: 8, numHeads: 2, numLayers: 1, dFF: 16 },
    steps: 6,
    batchSize: 2,
    lr: 1e-2,
    encodings: ['sinusoidal', 'xpos'],
    evalTokens: 64,
    resolutionWindows: 1,
    checkpointEvery: 3,
  };
  base = {
    config,
    trainTokens: tok.encode(corpus.train),
    validTokens: tok.encode(corpus.valid),
    vocabSize: tok.vocabSize,
    seed: 3,
  };
});

function memoryStore(failOn?: (name: string, nth: number) => boolean): ExperimentStore & { files: Map<string, Uint8Array>; reads: string[] } {
  const files = new Map<string, Uint8Array>();
  const reads: string[] = [];
  const writes = new Map<string, number>();
  return {
    files,
    reads,
    async read(name) {
      reads.push(name);
      return files.get(name) ?? null;
    },
    async write(name, data) {
      const n = (writes.get(name) ?? 0) + 1;
      writes.set(name, n);
      if (failOn?.(name, n)) throw new Error('killed');
      files.set(name, data.slice());
    },
  };
}

describe('runExtrapolation', () => {
  it('measures every variant at every length and resumes after a kill with identical numbers', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const fresh = await runExtrapolation(base);
    expect(tf.memory().numTensors).toBe(tensorsBefore); // every model is freed after its evaluation
    expect(fresh.lengths).toEqual([4, 8, 16]);
    expect(fresh.variants.map((v) => v.id)).toEqual(['sinusoidal', 'xpos', 'xpos+bca']);
    for (const v of fresh.variants) {
      expect(fresh.ppl[v.id]).toHaveLength(3);
      for (const p of fresh.ppl[v.id]!) expect(p).toBeGreaterThan(1);
      expect(fresh.resolution[v.id]!.atL).toBeLessThanOrEqual(1);
    }
    // BCA with window 8 only differs from full attention past 8 tokens.
    expect(fresh.ppl['xpos+bca']![0]).toBe(fresh.ppl['xpos']![0]);
    expect(fresh.ppl['xpos+bca']![2]).not.toBe(fresh.ppl['xpos']![2]);
    expect(fresh.models.xpos!.lossCurve).toHaveLength(6);

    // "Kill" the run when xpos writes its second checkpoint (step 6): step 3 is on disk.
    const store = memoryStore((name, n) => name === 'xpos.ckpt' && n === 2);
    await expect(runExtrapolation({ ...base, store })).rejects.toThrow('killed');
    expect(tf.memory().numTensors).toBe(tensorsBefore); // the killed run freed its model too
    expect(store.files.has('sinusoidal.results.json')).toBe(true);
    expect(store.files.has('xpos.results.json')).toBe(false);

    const healthy = memoryStore();
    for (const [k, v] of store.files) healthy.files.set(k, v);
    const resumed = await runExtrapolation({ ...base, store: healthy });
    expect(healthy.reads).not.toContain('sinusoidal.ckpt'); // finished encodings are not retrained
    expect(resumed.models.xpos!.resumedFrom).toBe(3);
    expect(resumed.ppl).toEqual(fresh.ppl);
    expect(resumed.resolution).toEqual(fresh.resolution);

    // A damaged checkpoint (or one in an older format) is discarded: xpos trains again from scratch.
    const damaged = memoryStore();
    damaged.files.set('sinusoidal.results.json', store.files.get('sinusoidal.results.json')!);
    damaged.files.set('xpos.ckpt', new TextEncoder().encode('not a checkpoint'));
    const retrained = await runExtrapolation({ ...base, store: damaged });
    expect(retrained.models.xpos!.resumedFrom).toBe(0);
    expect(retrained.ppl).toEqual(fresh.ppl);
  });

  it('splits the encodings across runs that share a store, with the numbers of one whole run', async () => {
    const whole = await runExtrapolation(base);
    const store = memoryStore();
    const xposOnly = await runExtrapolation({ ...base, store, only: ['xpos'] });
    expect(Object.keys(xposOnly.models)).toEqual(['xpos']);
    expect(xposOnly.variants.map((v) => v.id)).toEqual(['xpos', 'xpos+bca']);
    expect(store.files.has('xpos.results.json')).toBe(true);
    expect(store.files.has('sinusoidal.results.json')).toBe(false);
    // A later run of everything reuses xpos and trains only sinusoidal.
    store.reads.length = 0;
    const rest = await runExtrapolation({ ...base, store });
    expect(store.reads).not.toContain('xpos.ckpt');
    expect(rest.ppl).toEqual(whole.ppl);
    expect(rest.resolution).toEqual(whole.resolution);
    await expect(runExtrapolation({ ...base, only: ['alibi'] })).rejects.toMatchObject({ code: 'LMKIT_BAD_ARGUMENT' });
  });
});

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init.js';
import type { ProgressReporter } from '../../report/types.js';
import { loadCheckpoint } from '../checkpoint-file.js';
import { trainLm, type TrainLmOptions } from './train-lm.js';

beforeAll(async () => {
  await initBackend();
});

const tiny: TrainLmOptions = {
  corpus: 'moby-dick', maxChars: 20_000, dModel: 16, numHeads: 2, numLayers: 1, seqLen: 16, batchSize: 4,
  steps: 12, checkpointEvery: 4, evalTokens: 600, seed: 3,
};

/** A progress reporter that throws at a given tick, standing in for a killed process. */
function killAt(step: number): ProgressReporter {
  let n = 0;
  return {
    start() {}, done() {}, log() {},
    tick(k = 1) {
      n += k;
      if (n === step) throw new Error('killed');
    },
  };
}

describe('trainLm', () => {
  it('resumes after a kill and reproduces the uninterrupted run exactly', async () => {
    const straight = await trainLm(tiny);
    straight.model.dispose();
    expect(straight.losses.map((p) => p.step)).toEqual([...Array(12).keys()]);
    expect(straight.valid.tokens).toBe(599);
    expect(straight.valid.ppl).toBeLessThan(straight.tokenizer.vocabSize); // better than uniform

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lmkit-lm-')), 'lm.lmkit');
    await expect(trainLm({ ...tiny, out, progress: killAt(7) })).rejects.toThrow('killed');
    expect((await loadCheckpoint(out)).header.trainer?.step).toBe(4); // last checkpoint before the kill
    const resumed = await trainLm({ ...tiny, out, resume: true });
    resumed.model.dispose();
    expect(resumed.resumedFrom).toBe(4);
    expect(resumed.losses).toEqual(straight.losses);
    expect(resumed.valid.meanNll).toBe(straight.valid.meanNll);
    expect((await loadCheckpoint(out)).header.trainer?.step).toBe(12);
  });

  it('refuses to resume with different settings and rejects bad options', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'lmkit-lm-')), 'lm.lmkit');
    const r = await trainLm({ ...tiny, steps: 4, out });
    r.model.dispose();
    expect(existsSync(out)).toBe(true);
    await expect(trainLm({ ...tiny, steps: 8, out, resume: true })).rejects.toMatchObject({ code: 'LMKIT_CHECKPOINT_MISMATCH', message: expect.stringContaining('steps') });
    await expect(trainLm({ ...tiny, corpus: 'nope' })).rejects.toMatchObject({ code: 'LMKIT_UNKNOWN_CORPUS' });
    await expect(trainLm({ ...tiny, steps: 0 })).rejects.toMatchObject({ code: 'LMKIT_BAD_ARGUMENT' });
  });
});

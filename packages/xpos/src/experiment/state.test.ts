import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, sampleLmBatch, Trainer, Transformer } from '@lmkit/tensor';
import { decodeTrainingState, encodeTrainingState, peekTrainingStateMeta } from './state.js';
import { xpos } from '../position/xpos.js';

beforeAll(async () => {
  await initBackend();
});

const tokens = Int32Array.from({ length: 500 }, (_, i) => (i * 7 + (i >> 3)) % 13);
const make = () => {
  const m = new Transformer({ vocabSize: 13, dModel: 16, numHeads: 2, numLayers: 1, seed: 4 }, { position: xpos() });
  return [m, new Trainer(m, { totalSteps: 6, lr: 1e-2 })] as const;
};

describe('training state', () => {
  it('resuming from a saved state gives the same losses as training straight through', () => {
    const [m1, t1] = make();
    const straight: number[] = [];
    for (let s = 0; s < 6; s++) straight.push(t1.trainStep(sampleLmBatch(tokens, 4, 16, 1, s)).loss);
    m1.dispose();
    t1.dispose();

    const [m2, t2] = make();
    for (let s = 0; s < 3; s++) t2.trainStep(sampleLmBatch(tokens, 4, 16, 1, s));
    const bytes = encodeTrainingState(m2, t2, { fingerprint: 'x', losses: [1, 2, 3] });
    m2.dispose();
    t2.dispose();

    expect(peekTrainingStateMeta(bytes)).toEqual({ fingerprint: 'x', losses: [1, 2, 3] });
    const [m3, t3] = make();
    decodeTrainingState(bytes, m3, t3);
    expect(t3.step).toBe(3);
    const resumed: number[] = [];
    for (let s = 3; s < 6; s++) resumed.push(t3.trainStep(sampleLmBatch(tokens, 4, 16, 1, s)).loss);
    expect(resumed).toEqual(straight.slice(3));
    m3.dispose();
    t3.dispose();
  });

  it('rejects damaged bytes with LMKIT_BAD_CHECKPOINT', () => {
    const [m, t] = make();
    expect(() => decodeTrainingState(new Uint8Array([1, 0]), m, t)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_CHECKPOINT' }));
    const bytes = encodeTrainingState(m, t, {});
    expect(() => decodeTrainingState(bytes.slice(0, bytes.length - 8), m, t)).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_CHECKPOINT' }));
    m.dispose();
    t.dispose();
  });
});

import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Transformer } from '../model/transformer.js';
import { sampleLmBatch } from './batches.js';
import { Trainer } from './trainer.js';

beforeAll(async () => {
  await initBackend();
});

const tokens = Array.from({ length: 500 }, (_, i) => (i * 5 + ((i / 7) | 0)) % 13);
const config = { vocabSize: 13, dModel: 16, numHeads: 2, numLayers: 1 };

function losses(seed: number, steps: number): number[] {
  const model = new Transformer({ ...config, seed });
  const trainer = new Trainer(model, { totalSteps: steps, lr: 5e-3 });
  const out: number[] = [];
  for (let s = 0; s < steps; s++) out.push(trainer.trainStep(sampleLmBatch(tokens, 4, 12, seed, s)).loss);
  model.dispose();
  trainer.dispose();
  return out;
}

describe('training determinism and memory', () => {
  it('same seed gives bit-identical first 20 losses; another seed does not', () => {
    const a = losses(1, 20);
    const b = losses(1, 20);
    expect(b).toEqual(a); // toEqual on numbers is exact (Object.is), i.e. bit-identical
    expect(losses(2, 20)).not.toEqual(a);
    expect(a[19]!).toBeLessThan(a[0]!);
  });

  it('tf.memory().numTensors does not grow across 50 training steps', () => {
    const model = new Transformer({ ...config, seed: 3 });
    const trainer = new Trainer(model, { totalSteps: 51 });
    trainer.trainStep(sampleLmBatch(tokens, 2, 8, 3, 0)); // first step creates the AdamW moments
    const before = tf.memory().numTensors;
    for (let s = 1; s <= 50; s++) trainer.trainStep(sampleLmBatch(tokens, 2, 8, 3, s));
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
    trainer.dispose();
  });
});

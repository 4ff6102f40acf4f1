import { describe, expect, it } from 'vitest';
import { Rng } from '@lmkit/tensor';
import { trainingSequence } from './pretrain.js';
import { CLASSES_PER_TASK, TaskVocab } from './tasks.js';

describe('trainingSequence', () => {
  it('opens with one example per class and scores only the labels after it', () => {
    const vocab = new TaskVocab();
    const labels = new Set(vocab.labels);
    const rng = new Rng(9);
    for (let t = 0; t < 50; t++) {
      const { ids, weights } = trainingSequence(rng, vocab, 12, 3, 0);
      expect(ids).toHaveLength(24);
      expect(weights).toHaveLength(23);
      const opening = ids.slice(0, 2 * CLASSES_PER_TASK).filter((_, i) => i % 2 === 1);
      expect(new Set(opening).size).toBe(CLASSES_PER_TASK);
      weights.forEach((w, i) => {
        // Target of position i is ids[i + 1].
        const isLabel = labels.has(ids[i + 1]!) && i % 2 === 0;
        expect(w).toBe(isLabel && i >= 2 * CLASSES_PER_TASK ? 1 : 0);
      });
    }
  });
});

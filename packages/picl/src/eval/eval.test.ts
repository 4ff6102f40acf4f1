import * as tf from '@tensorflow/tfjs';
import { initBackend, type Transformer } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEP } from '../lm/tokens.js';
import { verbalizerAccuracy } from './verbalizer.js';
import type { ParagraphRetriever } from '../retrieve/retriever.js';
import { sameTaskPrecision } from './precision.js';

beforeAll(async () => {
  await initBackend();
});

describe('sameTaskPrecision', () => {
  // 12 paragraphs; task = position mod 3; neighbours of q are q+1, q+2, … (wrapping).
  const ring: ParagraphRetriever = {
    name: 'ring',
    size: 12,
    neighbours: (q, k) => Array.from({ length: k }, (_, r) => ({ label: (q + 1 + r) % 12, score: -r })),
  };
  const taskOf = (p: number): string => `t${p % 3}`;

  it('counts same-task neighbours in the top k (hand case), whatever order ks come in', () => {
    // Ranks 1..6 from any q have tasks q+1, q+2, q, q+1, q+2, q (mod 3): same task at ranks 3 and 6.
    const r = sameTaskPrecision(ring, [0, 5, 7], taskOf, [6, 1, 3, 4]);
    expect(r.precision[1]).toBe(0);
    expect(r.precision[3]).toBeCloseTo(1 / 3, 12);
    expect(r.precision[4]).toBeCloseTo(1 / 4, 12);
    expect(r.precision[6]).toBeCloseTo(2 / 6, 12);
    expect(r.queries).toBe(3);
    expect(r.retriever).toBe('ring');
  });

  it('is 1 when every neighbour shares the task', () => {
    expect(sameTaskPrecision(ring, [2, 4], () => 'same', [1, 5]).precision).toEqual({ 1: 1, 5: 1 });
  });
});

describe('verbalizerAccuracy', () => {
  // A word-level stand-in tokenizer: one id per word.
  const words = ['good', 'bad', 'answer:', 'yes', 'no', ...Array.from({ length: 10 }, (_, i) => `w${i}`)];
  const id = (w: string): number => 31 + words.indexOf(w);
  const encode = (text: string): number[] => text.trim().split(/\s+/).filter(Boolean).map(id);
  const [good, bad, answer, yes, no] = ['good', 'bad', 'answer:', 'yes', 'no'].map(id) as [number, number, number, number, number];
  const V = 31 + words.length;
  const examples = [
    ...Array.from({ length: 10 }, (_, i) => ({ ids: encode(`good w${i}`), label: 'pos' })),
    ...Array.from({ length: 10 }, (_, i) => ({ ids: encode(`bad w${i}`), label: 'neg' })),
  ];
  const verbalizers = { pos: 'yes', neg: 'no' };

  /**
   * A stand-in LM: at every position it prefers `no` by `bias`, and adds 1 to the label word that
   * matches the cue word (`good`/`bad`) of the last text before the position, if that text has one.
   */
  const fakeModel = (bias: number): Transformer =>
    ({
      forward(inputs: number[][]) {
        const rows = inputs.map((ids) =>
          ids.map((_, t) => {
            const logits = new Array<number>(V).fill(0);
            logits[no] = bias;
            let j = t;
            while (j >= 0 && ids[j] !== answer) j--; // the query's `answer:` marker
            const start = ids.lastIndexOf(SEP, j); // the <sep> before that text
            const piece = ids.slice(start + 1, j);
            if (piece.includes(good)) logits[yes]! += 1;
            if (piece.includes(bad)) logits[no]! += 1;
            return logits;
          }),
        );
        return { logits: tf.tensor3d(rows) };
      },
    }) as unknown as Transformer;

  it('scores a perfect classifier 1, and a biased one 0.5 raw but 1 after contextual calibration', () => {
    const perfect = verbalizerAccuracy(fakeModel(0), examples, { shots: 2, verbalizers, encode });
    // Queries: round-robin over classes, at most half of each class (5 + 5).
    expect(perfect.queries).toBe(10);
    expect(perfect.accuracy).toBe(1);
    expect(perfect.calibratedAccuracy).toBe(1);
    // A constant +5 for `no` makes every raw prediction `neg` (half right); calibration removes it.
    const biased = verbalizerAccuracy(fakeModel(5), examples, { shots: 2, verbalizers, encode });
    expect(biased.accuracy).toBe(0.5);
    expect(biased.calibratedAccuracy).toBe(1);
  });
});

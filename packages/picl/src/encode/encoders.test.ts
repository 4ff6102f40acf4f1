import * as tf from '@tensorflow/tfjs';
import { initBackend, Rng } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { Bm25Index } from './bm25.js';
import { GloveTable, MeanGloveEncoder } from './glove.js';
import { GroupSampler } from './pairs.js';
import { multiPositiveInfoNce, trainRetriever } from './train-retriever.js';
import { TrainedEncoder } from './trained.js';

beforeAll(async () => {
  await initBackend();
});

describe('Bm25Index', () => {
  const docs = ['the cat sat', 'the dog sat on the mat', 'cats and dogs'];
  const idx = Bm25Index.fromTexts(docs);
  it('matches the Okapi formula computed by hand', () => {
    // "cat" occurs in doc 0 only: df = 1, N = 3 → idf = ln(1 + 2.5/1.5); |d0| = 3, avgdl = 12/3 = 4.
    const idf = Math.log(1 + 2.5 / 1.5);
    const norm = 1.2 * (1 - 0.75 + (0.75 * 3) / 4);
    const expected = (idf * 1 * 2.2) / (1 + norm);
    const s = idx.scores('Cat!');
    expect(s[0]).toBeCloseTo(expected, 12);
    expect(s[1]).toBe(0);
    expect(s[2]).toBe(0);
  });
  it('ranks, excludes, and round-trips through JSON', () => {
    expect(idx.search('the dog sat', 2).map((h) => h.label)).toEqual([1, 0]);
    expect(idx.search('the dog sat', 1, 1).map((h) => h.label)).toEqual([0]);
    const back = Bm25Index.fromJSON(JSON.parse(JSON.stringify(idx.toJSON())));
    expect(Array.from(back.scores('dog mat'))).toEqual(Array.from(idx.scores('dog mat')));
  });
  it('rejects k larger than the index', () => {
    expect(() => idx.search('cat', 4)).toThrow(expect.objectContaining({ code: 'LMKIT_K_TOO_LARGE' }));
  });
});

describe('MeanGloveEncoder', () => {
  const table = new GloveTable(['a', 'b', 'c'], Float32Array.from([1, 0, 0, 1, 3, 4]), 2);
  it('averages known word vectors (skipping punctuation and unknown words) and normalises', () => {
    const [v, z] = new MeanGloveEncoder(table).embed(['A, b zzz.', '?? qq']);
    // (1,0) + (0,1) → (1,1)/√2
    expect(v![0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(v![1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(Array.from(z!)).toEqual([0, 0]);
  });
  it('refuses a table whose size does not match', () => {
    expect(() => new GloveTable(['a'], new Float32Array(3), 2)).toThrow(expect.objectContaining({ code: 'LMKIT_DIM_MISMATCH' }));
  });
});

describe('multiPositiveInfoNce', () => {
  it('equals −log(Σ_pos e^s / Σ_all e^s) averaged over queries', () => {
    const sim = [
      [1, 2, 0],
      [0.5, -1, 3],
    ];
    const pos = [
      [1, 0, 1],
      [0, 1, 0],
    ];
    const want =
      (-Math.log((Math.exp(1) + Math.exp(0)) / (Math.exp(1) + Math.exp(2) + Math.exp(0))) -
        Math.log(Math.exp(-1) / (Math.exp(0.5) + Math.exp(-1) + Math.exp(3)))) /
      2;
    const got = multiPositiveInfoNce(tf.tensor2d(sim), tf.tensor2d(pos));
    expect(got.dataSync()[0]).toBeCloseTo(want, 5);
  });
});

describe('GroupSampler', () => {
  const examples = [
    { text: 'a', task: 'review:movie' },
    { text: 'b', task: 'review:movie' },
    { text: 'c', task: 'review:product' },
    { text: 'd', task: 'review:product' },
    { text: 'e', task: 'prose:novel' },
    { text: 'f', task: 'prose:novel' },
  ];
  it('draws 1 positive of the same task, an easy negative of another task, 4 hard negatives of the same format', () => {
    const s = new GroupSampler(examples);
    const rng = new Rng(3);
    for (let i = 0; i < 50; i++) {
      const g = s.sample(rng);
      const q = examples[g.query]!;
      expect(g.positive).not.toBe(g.query);
      expect(examples[g.positive]!.task).toBe(q.task);
      expect(examples[g.easy]!.task).not.toBe(q.task);
      expect(g.hard).toHaveLength(4);
      for (const h of g.hard) {
        expect(examples[h]!.task).not.toBe(q.task);
        if (q.task.startsWith('review')) expect(examples[h]!.task.startsWith('review')).toBe(true);
      }
    }
  });
  it('refuses held-out tasks', () => {
    expect(() => new GroupSampler([...examples, { text: 'x', task: 'review:restaurant-positive' }])).toThrow(/held out/);
  });
});

describe('trainRetriever', () => {
  it('learns to put same-task texts closer than other-task texts', () => {
    // Words 0–7 carry a topic (two topics of 4 words); words 8–15 are noise shared by both.
    const dim = 8;
    const words = Array.from({ length: 16 }, (_, i) => `w${i}`);
    const rng = new Rng(5);
    const table = new GloveTable(words, rng.normalArray(16 * dim), dim);
    const text = (topic: number): string =>
      Array.from({ length: 6 }, (_, i) => (i < 2 ? `w${topic * 4 + rng.int(4)}` : `w${8 + rng.int(8)}`)).join(' ');
    const ex = Array.from({ length: 60 }, (_, i) => ({ text: text(i % 2), task: i % 2 ? 'gloss:a' : 'gloss:b' }));
    const { encoder, losses } = trainRetriever(table, ex, { steps: 60, batchSize: 8, dim: 8, hidden: 16, lr: 0.02, seed: 1 });
    const e = encoder.embed(ex.map((x) => x.text));
    let same = 0, diff = 0, ns = 0, nd = 0;
    for (let i = 0; i < e.length; i++)
      for (let j = i + 1; j < e.length; j++) {
        const s = e[i]!.reduce((a, v, k) => a + v * e[j]![k]!, 0);
        if (ex[i]!.task === ex[j]!.task) {
          same += s;
          ns++;
        } else {
          diff += s;
          nd++;
        }
      }
    expect(same / ns - diff / nd).toBeGreaterThan(0.3);
    const first = losses.slice(0, 10).reduce((a, b) => a + b) / 10;
    const last = losses.slice(-10).reduce((a, b) => a + b) / 10;
    expect(last).toBeLessThan(first);
    for (const v of e) expect(Math.hypot(...v)).toBeCloseTo(1, 4);
    const back = TrainedEncoder.fromJSON(table, JSON.parse(JSON.stringify(encoder.toJSON())));
    expect(Array.from(back.embed([ex[0]!.text])[0]!)).toEqual(Array.from(e[0]!));
    encoder.dispose();
    back.dispose();
  });
});

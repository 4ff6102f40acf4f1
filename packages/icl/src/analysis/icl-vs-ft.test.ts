import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, Rng } from '@lmkit/tensor';
import { analyseExample, sampleEvalExamples, summarise, VARIANTS, type ExampleRecord } from './icl-vs-ft.js';
import { iclModel } from './pretrain.js';
import { CATEGORIES, isHeldOutSet, pretrainSequence, renderPrompt, sampleTask, TaskVocab } from './tasks.js';

beforeAll(async () => {
  await initBackend();
});

describe('task mixture', () => {
  const vocab = new TaskVocab();

  it('keeps held-out category sets out of pre-training tasks', () => {
    const rng = new Rng(1);
    let sets = 0;
    for (let m = 0; m < 256; m++) {
      const cats = [0, 1, 2, 3, 4, 5, 6, 7].filter((c) => m & (1 << c));
      if (cats.length === 4 && isHeldOutSet(cats)) sets++;
    }
    expect(sets).toBe(18);
    for (let i = 0; i < 300; i++) {
      const t = sampleTask(rng, vocab, false);
      expect(isHeldOutSet(t.categories)).toBe(false);
      expect(new Set(t.labels).size).toBe(4);
      expect(isHeldOutSet(sampleTask(rng, vocab, true).categories)).toBe(true);
    }
  });

  it('renders `word label` pairs whose labels follow the task mapping', () => {
    const rng = new Rng(2);
    const names = Object.keys(CATEGORIES);
    for (let i = 0; i < 50; i++) {
      const seq = pretrainSequence(rng, vocab, 5);
      expect(seq).toHaveLength(10);
      // Within one sequence a category always gets the same label.
      const labelOf = new Map<string, number>();
      for (let j = 0; j < seq.length; j += 2) {
        const word = vocab.words[seq[j]!]!;
        const cat = names.find((c) => CATEGORIES[c]!.includes(word))!;
        expect(cat).toBeDefined();
        const l = seq[j + 1]!;
        if (labelOf.has(cat)) expect(labelOf.get(cat)).toBe(l);
        labelOf.set(cat, l);
      }
    }
    const ex = sampleEvalExamples(new Rng(3), vocab, 1, 8)[0]!;
    const ids = renderPrompt(ex.task, ex.demos, ex.query);
    expect(ids).toHaveLength(17);
    expect(vocab.render(ids.slice(0, 3))).toMatch(/^\S+ → \S+ {2}\S+ →$/);
    expect(ex.task.prior.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(Math.max(...ex.task.prior)).toBeCloseTo(0.55, 12);
  });
});

describe('analyseExample / summarise', () => {
  it('runs every arm on a tiny model, restores the weights and leaks no tensors', () => {
    const vocab = new TaskVocab();
    const model = iclModel(vocab, { dModel: 16, numHeads: 2, numLayers: 2, seed: 1 });
    const before = new Map([...model.namedVariables()].map(([n, v]) => [n, Array.from(v.dataSync())]));
    const examples = sampleEvalExamples(new Rng(4), vocab, 2, 8);
    const rng = new Rng(5);
    analyseExample(model, vocab, examples[0]!, 0.1, rng); // warm-up: kernels allocate once
    const n0 = tf.memory().numTensors;
    const rec = analyseExample(model, vocab, examples[1]!, 0.1, rng);
    expect(tf.memory().numTensors).toBe(n0);
    for (const [n, v] of model.namedVariables()) expect(Array.from(v.dataSync())).toEqual(before.get(n));
    for (const v of VARIANTS) {
      expect(rec.simAou[v]).toHaveLength(2);
      for (const x of [...rec.simAou[v], ...rec.simAmBefore[v], ...rec.simAmAfter[v]]) {
        expect(x).toBeGreaterThanOrEqual(-1 - 1e-9);
        expect(x).toBeLessThanOrEqual(1 + 1e-9);
      }
    }
    model.dispose();
  });

  it('summarise computes accuracies, Rec2FTP and layer means from records', () => {
    const mk = (zsl: boolean, icl: boolean, upd: boolean, aou: number[]): ExampleRecord => {
      const per = <T,>(x: T): Record<(typeof VARIANTS)[number], T> => Object.fromEntries(VARIANTS.map((v) => [v, x])) as Record<(typeof VARIANTS)[number], T>;
      return {
        zslCorrect: zsl,
        correct: per({ icl, upd }),
        simAou: per(aou),
        simAmBefore: per([0.2, 0.4]),
        simAmAfter: per([0.5, 0.7]),
        noiseUniform01: [0, 0],
        noiseNormal: [0, 0],
        margins: { icl: 1, iclPermuted: -1, ft: 1, ftPermuted: 2 },
        preds: { icl: 0, iclPermuted: 1, ft: 2, ftPermuted: 2 },
      };
    };
    const s = summarise([mk(false, true, true, [0.1, 0.3]), mk(false, false, true, [0.3, 0.5]), mk(true, true, false, [0.2, 0.4])], 2, 0.1);
    const ft = s.variants.find((v) => v.variant === 'ft')!;
    expect(s.zslAccuracy).toBeCloseTo(1 / 3, 12);
    expect(ft.iclAccuracy).toBeCloseTo(2 / 3, 12);
    expect(ft.rec2ftp).toBeCloseTo(1 / 2, 12);
    expect(ft.updateFixes).toBe(2);
    expect(ft.simAouPerLayer[0]).toBeCloseTo(0.2, 12);
    expect(ft.simAou).toBeCloseTo(0.3, 12);
    // Per-example means 0.2, 0.4, 0.3: sd 0.1, se 0.1/√3.
    expect(ft.simAouSe).toBeCloseTo(0.1 / Math.sqrt(3), 12);
    expect(ft.simAmBefore).toBeCloseTo(0.3, 12);
    expect(ft.simAmAfter).toBeCloseTo(0.6, 12);
    expect(s.orderSensitivity.iclFlipRate).toBe(1);
    expect(s.orderSensitivity.ftFlipRate).toBe(0);
    expect(s.orderSensitivity.ftMeanAbsMarginChange).toBe(1);
  });
});

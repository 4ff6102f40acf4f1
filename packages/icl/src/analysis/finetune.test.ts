import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend, Rng, Transformer } from '@lmkit/tensor';
import { applyRandomUpdate, finetuneKeyValue, keyValueNames, snapshot, type FtExample } from './finetune.js';
import { layerLogits } from './layer-logits.js';
import { iclPosition } from './pretrain.js';

beforeAll(async () => {
  await initBackend();
});

const cfg = { vocabSize: 11, dModel: 16, numHeads: 2, numLayers: 2, seed: 4 };
const demos: FtExample[] = [
  { ids: [1, 2, 3], scoredPositions: [1] },
  { ids: [4, 2, 5], scoredPositions: [1] },
  { ids: [6, 2, 3], scoredPositions: [1] },
];

function values(model: Transformer): Map<string, Float32Array> {
  return new Map([...model.namedVariables()].map(([n, v]) => [n, v.dataSync() as Float32Array]));
}

describe('layerLogits', () => {
  it('equals the model forward pass at the last layer', () => {
    const model = new Transformer(cfg, { position: iclPosition('alibi', 64, cfg.dModel, 0) });
    const ids = [[1, 2, 3, 4, 5, 6]];
    const a = layerLogits(model, ids, 1);
    const b = model.forward(ids).logits;
    expect(tf.max(tf.abs(a.sub(b))).dataSync()[0]).toBeLessThan(1e-5);
    const c = layerLogits(model, ids, 0);
    expect(tf.max(tf.abs(c.sub(b))).dataSync()[0]).toBeGreaterThan(1e-4);
    tf.dispose([a, b, c]);
    model.dispose();
  });
});

describe('finetuneKeyValue', () => {
  it('changes only W_K and W_V, lowers the demos loss, and snapshot restores exactly', () => {
    const model = new Transformer(cfg);
    const before = values(model);
    const names = keyValueNames(model);
    const lossOn = (): number =>
      tf.tidy(() => model.loss(demos.map((d) => d.ids.slice(0, 2)), demos.map((d) => d.ids.slice(1)), demos.map(() => [0, 1])).dataSync()[0]!);
    const l0 = lossOn();
    const snap = snapshot(model, names);
    finetuneKeyValue(model, demos, 0.5, 'gd');
    const after = values(model);
    for (const [n, v] of before) {
      const changed = v.some((x, i) => x !== after.get(n)![i]);
      expect(changed).toBe(names.includes(n));
    }
    expect(lossOn()).toBeLessThan(l0);
    snap.restore();
    for (const [n, v] of values(model)) expect(Array.from(v)).toEqual(Array.from(before.get(n)!));
    model.dispose();
  });

  it('layer-causal GD equals GD for a one-layer model', () => {
    const one = { ...cfg, numLayers: 1 };
    const a = new Transformer(one);
    const b = new Transformer(one);
    finetuneKeyValue(a, demos, 0.3, 'gd');
    finetuneKeyValue(b, demos, 0.3, 'layer-causal');
    for (const n of keyValueNames(a)) {
      const d = tf.tidy(() => tf.max(tf.abs(a.variable(n).sub(b.variable(n)))).dataSync()[0]!);
      expect(d).toBeLessThan(1e-7);
    }
    a.dispose();
    b.dispose();
  });

  it('layer-causal GD differs from GD in the lower layer of a two-layer model', () => {
    const a = new Transformer(cfg);
    const b = new Transformer(cfg);
    finetuneKeyValue(a, demos, 0.3, 'gd');
    finetuneKeyValue(b, demos, 0.3, 'layer-causal');
    const d = tf.tidy(() => tf.max(tf.abs(a.variable('blocks.0.attn.wv').sub(b.variable('blocks.0.attn.wv')))).dataSync()[0]!);
    expect(d).toBeGreaterThan(1e-6);
    a.dispose();
    b.dispose();
  });

  it('random updates match the norm of the given update; uniform01 noise is non-negative', () => {
    const model = new Transformer(cfg);
    const names = keyValueNames(model);
    const snap = snapshot(model, names);
    finetuneKeyValue(model, demos, 0.5, 'gd');
    const delta = snap.delta();
    snap.restore();
    for (const kind of ['normal', 'uniform01'] as const) {
      const s = snapshot(model, names);
      applyRandomUpdate(model, delta, kind, new Rng(1));
      const d = s.delta();
      for (const n of names) {
        const want = delta.get(n)!.norm().dataSync()[0]!;
        expect(d.get(n)!.norm().dataSync()[0]!).toBeCloseTo(want, 4);
        if (kind === 'uniform01') expect(d.get(n)!.min().dataSync()[0]!).toBeGreaterThanOrEqual(-1e-7);
      }
      tf.dispose([...d.values()]);
      s.restore();
    }
    tf.dispose([...delta.values()]);
    model.dispose();
  });

  it('rejects empty demos and a non-positive learning rate', () => {
    const model = new Transformer(cfg);
    expect(() => finetuneKeyValue(model, [], 0.1)).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_EMPTY_DEMOS' }));
    expect(() => finetuneKeyValue(model, demos, 0)).toThrow(expect.objectContaining({ code: 'LMKIT_ICL_BAD_LEARNING_RATE' }));
    model.dispose();
  });
});

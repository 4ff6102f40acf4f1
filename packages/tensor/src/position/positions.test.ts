import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend/init.js';
import { Transformer } from '../model/transformer.js';
import { Rng } from '../random/rng.js';
import { learnedPositions } from './learned.js';
import { sinusoidalPositions, sinusoidalTable } from './sinusoidal.js';

beforeAll(async () => {
  await initBackend();
});

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('sinusoidalPositions', () => {
  it('PE[p, 2i] = s·sin(p/10000^(2i/D)), PE[p, 2i+1] = s·cos(…), at any offset and odd widths', () => {
    for (const [start, d, scale] of [[5000, 8, 1], [0, 5, 0.1], [17, 6, 0.02 * Math.SQRT2]] as const) {
      const e = sinusoidalPositions({ scale }).embedding!(start, 3, d);
      const a = e.arraySync();
      e.dispose();
      for (let t = 0; t < 3; t++) {
        for (let j = 0; j < d; j++) {
          const ang = (start + t) / Math.pow(10000, (2 * Math.floor(j / 2)) / d);
          expect(a[t]![j]!).toBeCloseTo(scale * (j % 2 === 0 ? Math.sin(ang) : Math.cos(ang)), 5);
        }
      }
    }
  });

  it('position 0 is (0, s, 0, s, …) and every sin/cos pair has norm s', () => {
    const s = 0.5;
    expect(Array.from(sinusoidalTable(0, 1, 6, s))).toEqual([0, s, 0, s, 0, s]);
    const row = sinusoidalTable(123, 1, 6, s);
    for (let i = 0; i < 3; i++) expect(Math.hypot(row[2 * i]!, row[2 * i + 1]!)).toBeCloseTo(s, 6);
  });

  it('a window is the same rows as the whole table (offset-consistent)', () => {
    const all = sinusoidalTable(0, 40, 8);
    const part = sinusoidalTable(30, 10, 8);
    expect(Array.from(part)).toEqual(Array.from(all.subarray(30 * 8)));
  });

  it('holds no tensors: each call returns one new tensor only', () => {
    const before = tf.memory().numTensors;
    const enc = sinusoidalPositions();
    expect(tf.memory().numTensors).toBe(before);
    const e = enc.embedding!(0, 4, 4);
    expect(tf.memory().numTensors).toBe(before + 1);
    e.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a negative start and a bad scale with lmkit codes', () => {
    expect(codeOf(() => sinusoidalPositions().embedding!(-1, 2, 4))).toBe('LMKIT_BAD_POSITION');
    expect(codeOf(() => sinusoidalPositions({ scale: 0 }))).toBe('LMKIT_BAD_ARGUMENT');
    expect(sinusoidalPositions({ scale: 0.25 }).describe()).toEqual({ name: 'sinusoidal', scale: 0.25 });
  });
});

describe('learnedPositions', () => {
  it('is initialised N(0, 0.02²) from new Rng(seed) and returns rows start…start+length−1', () => {
    const enc = learnedPositions({ maxLength: 6, dModel: 4, seed: 3 });
    const table = enc.variables!().table!;
    const expected = new Rng(3).normalArray(24, 0.02);
    expect(Array.from(table.dataSync())).toEqual(Array.from(Float32Array.from(expected)));
    const rows = enc.embedding!(2, 3, 4);
    expect(rows.arraySync()).toEqual((table.arraySync() as number[][]).slice(2, 5));
    tf.dispose([rows, table]);
  });

  it('gets a gradient only on the rows it returned', () => {
    const enc = learnedPositions({ maxLength: 6, dModel: 4, seed: 1 });
    const table = enc.variables!().table!;
    const { grads, value } = tf.variableGrads(() => enc.embedding!(2, 3, 4).sum() as tf.Scalar, [table]);
    const g = grads[table.name]!;
    expect(Array.from(g.sum(1).dataSync())).toEqual([0, 0, 4, 4, 4, 0]);
    tf.dispose([g, value, table]);
  });

  it('owns exactly one tensor (its table), which the model disposes with its parameters', () => {
    const before = tf.memory().numTensors;
    const enc = learnedPositions({ maxLength: 8, dModel: 8, seed: 2 });
    expect(tf.memory().numTensors).toBe(before + 1);
    const model = new Transformer({ vocabSize: 5, dModel: 8, numHeads: 2, numLayers: 1, seed: 1 }, { position: enc });
    expect(model.namedVariables().get('pos.table')).toBe(enc.variables!().table);
    const { logits } = model.forward([[1, 2, 3]]);
    logits.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('throws LMKIT_LENGTH_NOT_COVERED past its table and typed errors for bad input', () => {
    const enc = learnedPositions({ maxLength: 6, dModel: 4 });
    expect(codeOf(() => enc.embedding!(4, 3, 4))).toBe('LMKIT_LENGTH_NOT_COVERED');
    expect(codeOf(() => enc.embedding!(-1, 3, 4))).toBe('LMKIT_BAD_POSITION');
    expect(codeOf(() => enc.embedding!(0, 3, 5))).toBe('LMKIT_BAD_SHAPE');
    expect(codeOf(() => learnedPositions({ maxLength: 0, dModel: 4 }))).toBe('LMKIT_BAD_ARGUMENT');
    expect(enc.describe()).toEqual({ name: 'learned', maxLength: 6, dModel: 4, seed: 0 });
    enc.variables!().table!.dispose();
  });
});

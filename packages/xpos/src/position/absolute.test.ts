import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '@lmkit/tensor';
import { learnedAbsolute } from './learned.js';
import { sinusoidal } from './sinusoidal.js';
import { XPOS_ERROR_CODES } from '../errors.js';

beforeAll(async () => {
  await initBackend();
});

describe('sinusoidal', () => {
  it('PE[p, 2i] = sin(p/10000^(2i/D)), PE[p, 2i+1] = cos(…), at any offset', () => {
    const e = sinusoidal().embedding!(5000, 3, 8);
    const a = e.arraySync();
    for (const [t, j] of [[0, 0], [1, 1], [2, 6], [2, 7]] as const) {
      const p = 5000 + t;
      const i = Math.floor(j / 2);
      const ang = p / Math.pow(10000, (2 * i) / 8);
      expect(a[t]![j]!).toBeCloseTo(j % 2 === 0 ? Math.sin(ang) : Math.cos(ang), 4);
    }
    e.dispose();
  });
});

describe('learnedAbsolute', () => {
  it('returns rows of its trainable table and gets a gradient', () => {
    const enc = learnedAbsolute({ maxLength: 6, dModel: 4, seed: 1 });
    const table = enc.variables!().table!;
    const rows = enc.embedding!(2, 3, 4);
    expect(rows.arraySync()).toEqual((table.arraySync() as number[][]).slice(2, 5));
    const g = tf.grad((t: tf.Tensor) => tf.slice(t, [2, 0], [3, 4]).sum())(table);
    expect(Array.from(g.sum(1).dataSync())).toEqual([0, 0, 4, 4, 4, 0]);
    tf.dispose([rows, g, table]);
  });

  it('throws LMKIT_LENGTH_NOT_COVERED past its table', () => {
    const enc = learnedAbsolute({ maxLength: 6, dModel: 4 });
    expect(() => enc.embedding!(4, 3, 4)).toThrow(expect.objectContaining({ code: XPOS_ERROR_CODES.lengthNotCovered }));
    expect(() => enc.embedding!(-1, 3, 4)).toThrow(expect.objectContaining({ code: XPOS_ERROR_CODES.badPosition }));
    enc.variables!().table!.dispose();
  });
});

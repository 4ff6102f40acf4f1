import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../backend/init.js';
import { Rng } from '../../random/rng.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** The k best (value, index) of each row by a full sort: value descending, ties to the lower index. */
function reference(data: Float32Array, cols: number, k: number): { values: number[]; indices: number[] } {
  const values: number[] = [];
  const indices: number[] = [];
  for (let r = 0; r < data.length / cols; r++) {
    const order = Array.from({ length: cols }, (_, i) => i).sort((a, b) => data[r * cols + b]! - data[r * cols + a]! || a - b);
    for (const i of order.slice(0, k)) {
      values.push(data[r * cols + i]!);
      indices.push(i);
    }
  }
  return { values, indices };
}

describe('fast TopK on wasm', () => {
  it('equals a full sort (values, indices, order, ties to the lower index) for any shape and k', () => {
    expect((tf.getKernel('TopK', 'wasm') as { lmkit?: boolean }).lmkit).toBe(true);
    const rng = new Rng(5);
    const cases: [number[], number][] = [[[7, 100], 20], [[3, 1000], 1], [[2, 4, 37], 37], [[50], 16], [[5, 33], 0], [[9, 300], 256], [[4, 17], 5]];
    for (const [shape, k] of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      // Rounded values make many ties; a few −∞ too.
      const data = Float32Array.from(rng.normalArray(n, 2), (x, i) => (i % 13 === 0 ? -Infinity : Math.round(x * 4) / 4));
      const x = tf.tensor(data, shape);
      const { values, indices } = tf.topk(x, k);
      const want = reference(data, shape.at(-1)!, k);
      expect(values.shape).toEqual([...shape.slice(0, -1), k]);
      expect(indices.dtype).toBe('int32');
      expect(Array.from(indices.dataSync())).toEqual(want.indices);
      expect(Array.from(values.dataSync())).toEqual(want.values);
      tf.dispose([x, values, indices]);
    }
  });

  it('finds the best k of a long row whatever the order (ascending, descending, one late winner)', () => {
    const n = 10_000;
    for (const data of [Float32Array.from({ length: n }, (_, i) => i), Float32Array.from({ length: n }, (_, i) => n - i), Float32Array.from({ length: n }, (_, i) => (i === n - 3 ? 5 : 0))]) {
      const r = tf.tidy(() => {
        const { values, indices } = tf.topk(tf.tensor1d(data), 8);
        return { values: Array.from(values.dataSync()), indices: Array.from(indices.dataSync()) };
      });
      expect(r).toEqual(reference(data, n, 8));
    }
  });

  it('leaves int32 input to tfjs’s kernel', () => {
    const r = tf.tidy(() => Array.from(tf.topk(tf.tensor1d([3, 9, 1, 9], 'int32'), 2).indices.dataSync()));
    expect(r).toEqual([1, 3]);
  });
});

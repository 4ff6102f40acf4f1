import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../backend/init.js';
import { Rng } from '../../random/rng.js';

beforeAll(async () => {
  await initBackend({ backend: 'wasm' });
});

/** Σ over the leading `lead` axes in float32, adding rows in order: tfjs-wasm's own sequence. */
function referenceSum(data: Float32Array, rows: number, cols: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < cols; j++) {
    let acc = 0;
    for (let i = 0; i < rows; i++) acc = Math.fround(acc + data[i * cols + j]!);
    out.push(acc);
  }
  return out;
}

describe('fast Sum over leading axes on wasm', () => {
  it('is bit-identical to float32 row-order accumulation; keepDims and other axes still right', () => {
    const rng = new Rng(9);
    for (const [shape, axis] of [[[300, 7], 0], [[8, 33, 12], [0, 1]], [[5, 6, 4], [1, 0]], [[64, 1024], 0], [[3, 5], -2]] as [number[], number | number[]][]) {
      const x = tf.tensor(rng.normalArray(shape.reduce((a, b) => a * b, 1), 3), shape);
      const lead = Array.isArray(axis) ? axis.length : 1;
      const rows = shape.slice(0, lead).reduce((a, b) => a * b, 1);
      const cols = shape.slice(lead).reduce((a, b) => a * b, 1);
      const want = referenceSum(x.dataSync() as Float32Array, rows, cols);
      const y = tf.sum(x, axis);
      expect(y.shape).toEqual(shape.slice(lead));
      expect(Array.from(y.dataSync())).toEqual(want);
      const yk = tf.sum(x, axis, true);
      expect(yk.shape).toEqual([...shape.slice(0, lead).map(() => 1), ...shape.slice(lead)]);
      expect(Array.from(yk.dataSync())).toEqual(want);
      tf.dispose([x, y, yk]);
    }
    // Inner and middle axes go to tfjs's kernel.
    const m = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    expect(Array.from(tf.tidy(() => tf.sum(m, 1).dataSync()))).toEqual([4, 6, 12, 14]);
    expect(Array.from(tf.tidy(() => tf.sum(m, -1).dataSync()))).toEqual([3, 7, 11, 15]);
    expect(Array.from(tf.tidy(() => tf.sum(tf.tensor2d([1, 2, 3, 4], [2, 2], 'int32'), 0).dataSync()))).toEqual([4, 6]);
    m.dispose();
  });
});

describe('sharing Identity and same-dtype Cast on wasm', () => {
  it('give equal values that outlive the original, and count tensors as before', () => {
    const before = tf.memory().numTensors;
    const x = tf.tensor1d([1.5, -2, 3]);
    const c = x.clone();
    const f = tf.cast(x, 'float32');
    const i = tf.cast(x, 'int32');
    x.dispose();
    expect(Array.from(c.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(f.dataSync())).toEqual([1.5, -2, 3]);
    expect(Array.from(i.dataSync())).toEqual([1, -2, 3]);
    expect(i.dtype).toBe('int32');
    tf.dispose([c, f, i]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('leave a variable intact when the tensor it was made from is disposed or reassigned', () => {
    const init = tf.tensor1d([4, 5]);
    const v = tf.variable(init);
    init.dispose();
    v.assign(tf.tidy(() => v.add(1)));
    expect(Array.from(v.dataSync())).toEqual([5, 6]);
    v.dispose();
  });
});

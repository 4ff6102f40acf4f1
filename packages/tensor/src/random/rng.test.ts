import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

const draw = (rng: Rng, n: number): number[] => Array.from({ length: n }, () => rng.nextUint32());

describe('Rng', () => {
  it('the same seed gives the same stream; other seeds and forks differ', () => {
    expect(draw(new Rng(42), 50)).toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng(43), 50)).not.toEqual(draw(new Rng(42), 50));
    expect(draw(new Rng(42).fork(1), 50)).not.toEqual(draw(new Rng(42).fork(2), 50));
    expect(draw(new Rng(42).fork(1), 50)).toEqual(draw(new Rng(42).fork(1), 50));
  });

  it('int(n) stays in [0, n) and hits every value; next() is in [0, 1)', () => {
    const rng = new Rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = rng.int(7);
      expect(Number.isInteger(v) && v >= 0 && v < 7).toBe(true);
      seen.add(v);
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
    }
    expect(seen.size).toBe(7);
  });

  it('normalArray has mean ≈ 0 and std ≈ the requested std (20 000 samples, 5 standard errors)', () => {
    const n = 20_000;
    const x = new Rng(5).normalArray(n, 3);
    const mean = x.reduce((a, b) => a + b, 0) / n;
    const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
    expect(Math.abs(mean)).toBeLessThan((5 * 3) / Math.sqrt(n));
    // Var of the sample variance of a normal is 2σ⁴/(n−1).
    expect(Math.abs(variance - 9)).toBeLessThan(5 * Math.sqrt((2 * 81) / (n - 1)));
  });

  it('shuffle is a permutation, reproducible from the seed', () => {
    const a = new Rng(9).shuffle(Array.from({ length: 30 }, (_, i) => i));
    const b = new Rng(9).shuffle(Array.from({ length: 30 }, (_, i) => i));
    expect(a).toEqual(b);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 30 }, (_, i) => i));
  });

  it('getState/setState resume the stream exactly, also with a pending normal sample', () => {
    const rng = new Rng(3);
    rng.normal(); // leaves the second Box–Muller sample pending
    const state = JSON.parse(JSON.stringify(rng.getState())) as ReturnType<Rng['getState']>;
    const expected = [rng.normal(), rng.normal(), rng.next(), rng.normal()];
    const other = new Rng(999);
    other.normal();
    other.setState(state);
    expect([other.normal(), other.normal(), other.next(), other.normal()]).toEqual(expected);
  });

  it('pick rejects an empty array with LMKIT_BAD_ARGUMENT', () => {
    expect(() => new Rng(1).pick([])).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
    expect(['a', 'b', 'c']).toContain(new Rng(1).pick(['a', 'b', 'c']));
  });
});

import { describe, expect, it } from 'vitest';
import { mean, rec2ftp, simAm, simAou } from './metrics.js';

describe('ICL-vs-FT metrics', () => {
  it('Rec2FTP counts examples FT fixes that ICL also fixes', () => {
    // FT fixes examples 1, 2, 3 (ZSL wrong, FT right); ICL right on 1 and 3 → 2/3. Example 0: ZSL right, ignored.
    const zsl = [true, false, false, false, false];
    const ft = [true, true, true, true, false];
    const icl = [false, true, false, true, true];
    expect(rec2ftp(zsl, icl, ft)).toBeCloseTo(2 / 3, 12);
    expect(rec2ftp([false], [true], [false])).toBeNull();
  });

  it('SimAOU normalises each output before differencing', () => {
    // Scaling any output leaves SimAOU unchanged; identical ICL and FT updates give 1, opposite give −1.
    const z = [1, 0, 0];
    const i = [1, 1, 0];
    expect(simAou(z, i, i)).toBeCloseTo(1, 12);
    expect(simAou(z, i, [5, 5, 0])).toBeCloseTo(1, 12);
    expect(simAou([2, 0, 0], i, i)).toBeCloseTo(1, 12);
    // ẑ=(1,0,0), î=(0,1,0), f̂=(0,−1,0): cos((−1,1,0), (−1,−1,0)) = 0.
    expect(simAou(z, [0, 1, 0], [0, -1, 0])).toBeCloseTo(0, 12);
    // Hand case: ẑ=(1,0), î=(0,1), f̂=(1/√2,1/√2): cos((−1,1), (1/√2−1, 1/√2)) = (1 − 1/√2 + 1/√2)/(√2·√(2−√2)).
    const r = Math.SQRT1_2;
    expect(simAou([1, 0], [0, 1], [r, r])).toBeCloseTo(1 / (Math.SQRT2 * Math.sqrt(2 - Math.SQRT2)), 12);
  });

  it('SimAM averages the per-head cosine', () => {
    expect(simAm([[1, 0], [1, 1]], [[1, 0], [1, -1]])).toBeCloseTo(0.5, 12);
  });

  it('mean skips nulls', () => {
    expect(mean([1, null, 3])).toBe(2);
    expect(mean([null])).toBeNull();
  });
});

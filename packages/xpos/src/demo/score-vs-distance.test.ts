import { describe, expect, it } from 'vitest';
import { scoreVsDistance } from './score-vs-distance.js';
import { dotF64, ropeF64, xposF64 } from '../position/reference.js';

describe('scoreVsDistance', () => {
  const d = 8;
  const ones = new Array(d).fill(1 / Math.sqrt(d));
  it('rope/xpos curves equal q·k of the float64 reference at that distance', () => {
    const rope = scoreVsDistance('rope', d, 300);
    const xp = scoreVsDistance('xpos', d, 300);
    for (const delta of [0, 1, 17, 300]) {
      expect(rope[delta]).toBeCloseTo(dotF64(ropeF64(ones, 1000 + delta), ropeF64(ones, 1000)), 10);
      expect(xp[delta]).toBeCloseTo(dotF64(xposF64(ones, 1000 + delta, 'q'), xposF64(ones, 1000, 'k')), 10);
    }
    expect(rope[0]).toBeCloseTo(1, 12);
  });
  it('alibi is −slope·Δ (8 heads, head 0: slope 1/2)', () => {
    expect(scoreVsDistance('alibi', d, 4)).toEqual([-0, -0.5, -1, -1.5, -2]);
  });
  it('rejects odd head dims', () => {
    expect(() => scoreVsDistance('rope', 7, 4)).toThrow(expect.objectContaining({ code: 'LMKIT_ODD_HEAD_DIM' }));
  });
});

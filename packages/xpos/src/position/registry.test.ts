import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend, learnedPositions, rope, sinusoidalPositions, type PositionEncoding } from '@lmkit/tensor';
import { alibi } from './alibi.js';
import { positionFromDescription } from './registry.js';
import { xpos } from './xpos.js';

beforeAll(async () => {
  await initBackend();
});

describe('positionFromDescription', () => {
  it('recreates every encoding from its describe() output', () => {
    const encodings: PositionEncoding[] = [
      rope({ base: 500 }),
      xpos({ gamma: 0.3, scaleBase: 256 }),
      alibi(),
      alibi({ slopes: { first: 1, ratio: 0.25 } }),
      sinusoidalPositions({ scale: 0.5 }),
      learnedPositions({ maxLength: 4, dModel: 2, seed: 9 }),
    ];
    for (const enc of encodings) {
      const again = positionFromDescription(enc.describe());
      expect(again.describe()).toEqual(enc.describe());
      for (const v of Object.values(again.variables?.() ?? {})) v.dispose();
      for (const v of Object.values(enc.variables?.() ?? {})) v.dispose();
    }
  });

  it('rejects an unknown name with LMKIT_BAD_ARGUMENT', () => {
    expect(() => positionFromDescription({ name: 'nope' })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_ARGUMENT' }));
  });
});

import { isLmkitError } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { TraceLimitError } from './errors.js';
import { DEFAULT_LIMITS, resolveLimits } from './limits.js';

describe('resolveLimits', () => {
  it('fills the defaults and keeps given values (undefined means default)', () => {
    expect(resolveLimits()).toEqual(DEFAULT_LIMITS);
    expect(resolveLimits({ timeoutMs: 250, maxSteps: undefined })).toEqual({ ...DEFAULT_LIMITS, timeoutMs: 250 });
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects maxSteps = %s with a coded RangeError', (v) => {
    let caught: unknown;
    try {
      resolveLimits({ maxSteps: v });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TraceLimitError);
    expect(caught).toBeInstanceOf(RangeError);
    expect(isLmkitError(caught)).toBe(true);
    expect((caught as TraceLimitError).code).toBe('LMKIT_BAD_ARGUMENT');
    expect((caught as Error).message).toContain('maxSteps');
  });
});

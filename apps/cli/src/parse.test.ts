import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { integerOption, listOption, numberOption } from './parse.js';

describe('option parsers', () => {
  it('integerOption accepts whole numbers in bounds and rejects the rest', () => {
    const parse = integerOption({ min: 0, max: 10 });
    expect(parse('7')).toBe(7);
    expect(parse(' 0 ')).toBe(0);
    for (const bad of ['', 'abc', '1.5', '1e3', '0x10', '-1', '11', '3x']) {
      expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
    }
    expect(() => integerOption()('99999999999999999999')).toThrow(/too large/);
  });

  it('numberOption accepts finite decimals', () => {
    const parse = numberOption({ min: 0 });
    expect(parse('3e-4')).toBe(0.0003);
    expect(parse('2.5')).toBe(2.5);
    for (const bad of ['', 'NaN', 'Infinity', 'abc', '-0.1']) expect(() => parse(bad), bad).toThrow(InvalidArgumentError);
  });

  it('listOption keeps order, drops duplicates and names unknown items', () => {
    const parse = listOption(['lm', 'xpos', 'icl'] as const);
    expect(parse('icl, lm,icl')).toEqual(['icl', 'lm']);
    expect(() => parse('lm,gpt')).toThrow(/"gpt".*lm, xpos, icl/);
    expect(() => parse(' , ')).toThrow(InvalidArgumentError);
  });
});

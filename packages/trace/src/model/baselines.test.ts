import { describe, expect, it } from 'vitest';
import { copyStateBaseline, lineOrderBaseline, staticLineOrder } from './baselines.js';

const PROGRAM = [
  'def f(a):',
  '    b = a * 2',
  '    return b',
  'xs = [1, 2]',
  'k = 3',
  '# a comment',
  'ys = xs',
  'if k > 2:',
  "    s = 'big one'",
  'else:',
  "    s = 'small'",
  'total = f(k)',
  'd = {',
  "    'a': 1}",
].join('\n');

describe('baselines', () => {
  it('static line order: function bodies, comments, else: and continuation lines skipped', () => {
    expect(staticLineOrder(PROGRAM).map((s) => s.line)).toEqual([0, 3, 4, 6, 7, 8, 10, 11, 12]);
  });

  it('"line order only" writes one empty-state step per statement', () => {
    expect(lineOrderBaseline('a = 1\nb = a + 1\n')).toBe('<line> <0> <state> </state> <line> <1> <state> </state>');
  });

  it('"copy the previous state" carries the state and adds literals and copies, never computed values', () => {
    expect(copyStateBaseline('a = 1\nb = a + 1\nc = a\n')).toBe(
      '<line> <0> <state> a : 1 </state> <line> <1> <state> a : 1 </state> <line> <2> <state> a : 1 <dictsep> c : 1 </state>',
    );
    const t = copyStateBaseline(PROGRAM);
    expect(t.startsWith('<line> <0> <state> </state> <line> <3> <state> xs : [ 1 , 2 ] </state>')).toBe(true);
    expect(t).toContain('<line> <6> <state> xs : [ 1 , 2 ] <dictsep> k : 3 <dictsep> ys : [ 1 , 2 ] </state>');
    // indented assignments are left alone (their line may not run); total = f(k) is computed
    expect(t.endsWith('<line> <11> <state> xs : [ 1 , 2 ] <dictsep> k : 3 <dictsep> ys : [ 1 , 2 ] </state> <line> <12> <state> xs : [ 1 , 2 ] <dictsep> k : 3 <dictsep> ys : [ 1 , 2 ] </state>')).toBe(true);
  });
});

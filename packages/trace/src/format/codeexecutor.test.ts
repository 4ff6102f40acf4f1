import { describe, expect, it } from 'vitest';
import { EMPTY_STREAM } from '../tracer/stream.js';
import type { Trace, TraceStep } from '../tracer/types.js';
import { formatCodeExecutor, parseCodeExecutor, toCodeExecutor, tokenizeValue, traceToCodeExecutorText } from './codeexecutor.js';

/** A trace from [line, state, stdoutEnd] steps (module level). */
function mkTrace(raw: Array<[number, Record<string, string>, number]>, stdout = ''): Trace {
  const steps: TraceStep[] = raw.map(([line, state, stdoutEnd]) => ({ line, func: '<module>', depth: 0, state, changed: Object.keys(state), stdoutEnd }));
  return { source: 'x', stream: EMPTY_STREAM, steps, stdout, mode: 'settrace', events: raw.length };
}

describe('tokenizeValue', () => {
  it('drops string quotes and spaces punctuation (the paper example)', () => {
    expect(tokenizeValue("['x', 'y', 'z']")).toBe('[ x , y , z ]');
  });
  it.each([
    ['42', '42'],
    ['-1.5', '-1.5'],
    ["{'a': 1, 'b': [2, 3]}", '{ a : 1 , b : [ 2 , 3 ] }'],
    ["(1,)", '( 1 , )'],
    ["'hello world'", 'hello world'],
    ['"it\'s"', "it's"],
    ["b'ab'", 'ab'],
    ['set()', 'set ( )'],
    ["''", ''],
    ["[1, 2, ...", '[ 1 , 2 , ...'],
    ["P(x=1, y='q')", 'P ( x=1 , y=q )'],
  ])('%s → %s', (v, want) => {
    expect(tokenizeValue(v)).toBe(want);
  });
});

describe('CodeExecutor text', () => {
  const S = "['x', 'y', 'z']";
  const trace = mkTrace(
    [
      [1, { s: S }, 0],
      [2, { s: S, n: '3' }, 0],
      [3, { s: S, n: '3' }, 4],
      [4, { s: S, e: "''" }, 7],
    ],
    'a b\nc\nd',
  );

  it('writes steps as the paper: 0-based line tokens, full state, <output> per printed line before the printing line, prefix', () => {
    // Line 3 printed "a b\n"; line 4 printed "c\nd" (the last step takes everything still unprinted).
    expect(traceToCodeExecutorText(trace, { prefix: 'tutorial' })).toBe(
      '<tutorial> <line> <0> <state> s : [ x , y , z ] </state> <line> <1> <state> s : [ x , y , z ] <dictsep> n : 3 </state>' +
        ' <output> a b <line> <2> <state> s : [ x , y , z ] <dictsep> n : 3 </state>' +
        ' <output> c <output> d <line> <3> <state> s : [ x , y , z ] <dictsep> e : </state>',
    );
  });

  it('never ends with an <output> step (the reference metric drops a last step without </state>)', () => {
    const t = mkTrace([[1, {}, 0], [2, {}, 5]], 'a\nbc');
    expect(traceToCodeExecutorText(t)).toBe('<line> <0> <state> </state> <output> a <output> bc <line> <1> <state> </state>');
  });

  it('round-trips exactly: text → parse → text', () => {
    for (const prefix of [undefined, 'singleline', 'codenet'] as const) {
      const text = traceToCodeExecutorText(trace, prefix ? { prefix } : {});
      const parsed = parseCodeExecutor(text, { strict: true });
      expect(parsed.malformed).toEqual([]);
      expect(parsed.prefix).toBe(prefix);
      expect(formatCodeExecutor(parsed)).toBe(text);
      expect(parsed.steps).toEqual(toCodeExecutor(trace).steps);
    }
  });

  it('cannot escape a structure word inside a value: that step reads back as malformed (documented limit)', () => {
    const text = formatCodeExecutor({ steps: [{ kind: 'line', line: 0, state: [['s', 'a <dictsep> b']] }, { kind: 'line', line: 1, state: [['n', '1']] }] });
    const p = parseCodeExecutor(text);
    expect(p.malformed).toEqual(['<line> <0> <state> s : a <dictsep> b </state>']);
    expect(p.steps).toEqual([{ kind: 'line', line: 1, state: [['n', '1']] }]);
    expect(() => parseCodeExecutor(text, { strict: true })).toThrow(/cannot read/);
  });

  it('parses an empty state and an empty trace', () => {
    expect(parseCodeExecutor('<line> <5> <state> </state>').steps).toEqual([{ kind: 'line', line: 5, state: [] }]);
    expect(parseCodeExecutor('')).toEqual({ steps: [], malformed: [], truncated: false });
  });

  it('is lenient with model output: malformed steps are listed, a cut last step is dropped', () => {
    const p = parseCodeExecutor('<line> <0> <state> a : 1 </state> <line> x <state> a : 2 </state> <line> <2> <state> a 3 </state> junk <line> <3> <state> a : 4');
    expect(p.steps).toEqual([{ kind: 'line', line: 0, state: [['a', '1']] }]);
    expect(p.malformed).toEqual(['<line> x <state> a : 2 </state>', '<line> <2> <state> a 3 </state>', 'junk']);
    expect(p.truncated).toBe(true);
    expect(() => parseCodeExecutor('<line> <0> <state> a : 1', { strict: true })).toThrow(/no <\/state>/);
  });
});

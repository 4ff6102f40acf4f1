import { describe, expect, it } from 'vitest';
import { expandSteps, type RawStep, type Trace } from '../tracer/types.js';
import { formatCodeExecutor, parseCodeExecutor, toCodeExecutor, tokenizeValue, traceToCodeExecutorText } from './codeexecutor.js';
import { toTutor } from './tutor.js';

function mkTrace(raw: RawStep[], stdout = '', extra: Partial<Trace> = {}): Trace {
  return { source: 'x', steps: expandSteps(raw), stdout, mode: 'settrace', events: raw.length, ...extra };
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
  const trace = mkTrace(
    [
      [1, '<module>', 0, [['s', "['x', 'y', 'z']"]], [], 0],
      [2, '<module>', 0, [['n', '3']], [], 0],
      [3, '<module>', 0, [], [], 4],
      [4, '<module>', 0, [['e', "''"]], ['n'], 7],
    ],
    'a b\nc\nd',
  );

  it('writes steps exactly as the paper: 0-based line tokens, full state, <output> per printed line, prefix', () => {
    expect(traceToCodeExecutorText(trace, { prefix: 'tutorial' })).toBe(
      '<tutorial> <line> <0> <state> s : [ x , y , z ] </state> <line> <1> <state> s : [ x , y , z ] <dictsep> n : 3 </state>' +
        ' <line> <2> <state> s : [ x , y , z ] <dictsep> n : 3 </state> <output> a b' +
        ' <line> <3> <state> s : [ x , y , z ] <dictsep> e : </state> <output> c <output> d',
    );
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

describe('Tutor JSON', () => {
  it('gives steps with line, event, stack, heap and stdout so far, and a final exception step', () => {
    const t = mkTrace(
      [
        [3, 'f', 1, [['a', '1']], [], 0],
        [5, '<module>', 0, [['r', '2']], ['a'], 2],
      ],
      'hi',
      { exception: { type: 'ValueError', message: 'bad', line: 6 } },
    );
    const j = toTutor(t);
    expect(j.trace.map((s) => [s.line, s.event, s.func_name, s.stdout])).toEqual([
      [3, 'step_line', 'f', ''],
      [5, 'step_line', '<module>', 'hi'],
      [6, 'uncaught_exception', '<module>', 'hi'],
    ]);
    expect(j.trace[0]!.stack_to_render.map((f) => [f.func_name, f.is_highlighted])).toEqual([
      ['?', false],
      ['f', true],
    ]);
    expect(j.trace[1]!.stack_to_render[0]!.encoded_locals).toEqual({ r: '2' });
    expect(j.trace[2]!.exception_msg).toBe('ValueError: bad');
    expect(j.trace.every((s) => Object.keys(s.heap).length === 0)).toBe(true);
  });
});

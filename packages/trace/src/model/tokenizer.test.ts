import { describe, expect, it } from 'vitest';
import { CONTENT_WEIGHT, encodeExample, makeBatch, STRUCTURE_WEIGHT } from './examples.js';
import { lexSource } from './source-lexer.js';
import { TraceTokenizer } from './tokenizer.js';

describe('lexSource', () => {
  it('starts each line with its 0-based line token, marks indentation, splits strings into quote and words', () => {
    const src = "s = 'a b'  # note\nfor x in [1, 22]:\n    s += x\n\nprint(s)\n";
    expect(lexSource(src)).toEqual([
      '<0>', 's', '=', "'", 'a', 'b', "'",
      '<1>', 'for', 'x', 'in', '[', '1', ',', '22', ']', ':',
      '<2>', '<indent>', 's', '+=', 'x',
      '<4>', '<dedent>', 'print', '(', 's', ')',
    ]);
  });

  it('keeps a bracketed continuation line in its logical line', () => {
    expect(lexSource('x = [1,\n     2]\ny = x\n')).toEqual(['<0>', 'x', '=', '[', '1', ',', '2', ']', '<2>', 'y', '=', 'x']);
  });
});

describe('TraceTokenizer', () => {
  const corpus = [
    ['<line>', '<0>', '<state>', 'total', ':', '12', '</state>'],
    ['total', 'total', 'total', 'abc', 'xyz'],
  ];
  const tok = TraceTokenizer.fit(corpus, { minCount: 3 });

  it('keeps frequent words whole, spells rare words and every multi-digit number', () => {
    const ids = tok.encodeWords(['total', '12', 'abc']);
    expect(ids.map((i) => tok.tokens[i])).toEqual(['total', '1', '##2', 'a', '##b', '##c']);
    expect(tok.encodeWords(['<state>', '<199>']).map((i) => tok.tokens[i])).toEqual(['<state>', '<199>']);
  });

  it('round-trips trace text, maps unknown characters to <unk>', () => {
    const text = '<line> <0> <state> total : 12 <dictsep> zz : [ 1 , 2 ] </state> <output> 21';
    // characters seen in the corpus only; "[" "," "]" "z" "<dictsep>" "<output>" are fixed or seen
    const t2 = TraceTokenizer.fit([...corpus, ['[', ',', ']', 'z']]);
    expect(t2.decodeTrace(t2.encodeTrace(text))).toBe(text);
    expect(tok.encodeWords(['Q']).map((i) => tok.tokens[i])).toEqual(['<unk>']);
  });

  it('serialises to JSON and back', () => {
    const again = TraceTokenizer.fromJSON(JSON.parse(JSON.stringify(tok)));
    expect(again.tokens).toEqual(tok.tokens);
    expect(() => TraceTokenizer.fromJSON({ type: 'other' })).toThrow(/not a trace tokenizer/);
  });
});

describe('examples and loss weights', () => {
  const tok = TraceTokenizer.fit([lexSource('a = 1\n'), '<line> <0> <state> a : 1 </state>'.split(' ')], { minCount: 1 });

  it('weighs prompt targets 0, structure tokens 1, other trace tokens 10 (and <eos>)', () => {
    const e = encodeExample(tok, 'a = 1\n', '<line> <0> <state> a : 1 </state>', 'singleline', 64)!;
    const names = e.ids.map((i) => tok.tokens[i]);
    expect(names).toEqual(['<singleline>', '<0>', 'a', '=', '1', '<sep>', '<line>', '<0>', '<state>', 'a', ':', '1', '</state>', '<eos>']);
    expect(e.promptLength).toBe(6);
    const b = makeBatch(tok, [e]);
    const W = CONTENT_WEIGHT;
    const S = STRUCTURE_WEIGHT;
    // target t is token t+1: prompt tokens 1..5 weigh 0; then <line> <0> <state> a : 1 </state> <eos>
    expect(b.weights![0]).toEqual([0, 0, 0, 0, 0, W, W, S, W, S, W, S, W]);
    expect(b.targets[0]).toEqual(e.ids.slice(1));
    expect(b.inputs[0]).toEqual(e.ids.slice(0, -1));
  });

  it('pads shorter examples with weight 0 and cuts long traces at maxLen', () => {
    const long = encodeExample(tok, 'a = 1\n', '<line> <0> <state> a : 1 </state> '.repeat(5), 'singleline', 16)!;
    expect(long.ids).toHaveLength(16);
    expect(long.truncated).toBe(true);
    const short = encodeExample(tok, 'a = 1\n', '<line> <0> <state> a : 1 </state>', 'singleline', 64)!;
    const b = makeBatch(tok, [long, short]);
    expect(b.inputs[1]).toHaveLength(15);
    expect(b.weights![1]!.slice(13)).toEqual([0, 0]);
    expect(encodeExample(tok, 'a = 1\n'.repeat(20), 'x', 'singleline', 16)).toBeNull();
  });
});

import { describe, expect, it } from 'vitest';
import { encodeTraceExample, makeBatch } from './examples.js';
import { TraceTokenizer } from './tokenizer.js';
import { lexPython } from './python-lexemes.js';

const TRACE = '<line> <0> <state> total : 17 </state> <line> <1> <state> total : 17 <dictsep> word : hi there <dictsep> xs : [ 12 , 3.5 , True ] </state> <output> 17 hi';
const SOURCE = "total = 17\nword = 'hi there'\nxs = [12, 3.5, True]\nprint(total, 'hi')\n";

const texts = (tok: TraceTokenizer, ids: number[]): string[] => ids.map((i) => tok.tokenText(i));

describe('lexPython', () => {
  it('types every lexeme, keeps line tokens and indentation, drops comments', () => {
    const lx = lexPython("def f(a):  # doubles\n    return a * 2.5\n\nx = f('b c')\n");
    expect(lx).toEqual([
      { kind: 'line', token: '<0>' },
      { kind: 'name', text: 'def' },
      { kind: 'name', text: 'f' },
      { kind: 'op', text: '(' },
      { kind: 'name', text: 'a' },
      { kind: 'op', text: ')' },
      { kind: 'op', text: ':' },
      { kind: 'line', token: '<1>' },
      { kind: 'indent' },
      { kind: 'name', text: 'return' },
      { kind: 'name', text: 'a' },
      { kind: 'op', text: '*' },
      { kind: 'number', text: '2.5' },
      { kind: 'line', token: '<3>' },
      { kind: 'dedent' },
      { kind: 'name', text: 'x' },
      { kind: 'op', text: '=' },
      { kind: 'name', text: 'f' },
      { kind: 'op', text: '(' },
      { kind: 'string', prefix: '', quote: "'", words: ['b', 'c'] },
      { kind: 'op', text: ')' },
    ]);
  });

  it('keeps a bracketed continuation and a triple-quoted string in one logical line', () => {
    const lx = lexPython('xs = [1,\n      2]\ns = """a\nb"""\ny = 3\n');
    expect(lx.filter((l) => l.kind === 'line')).toEqual([
      { kind: 'line', token: '<0>' },
      { kind: 'line', token: '<2>' },
      { kind: 'line', token: '<4>' },
    ]);
    expect(lx).toContainEqual({ kind: 'string', prefix: '', quote: '"""', words: ['a', 'b'] });
  });
});

describe('TraceTokenizer', () => {
  const tok = TraceTokenizer.fit(Array.from({ length: 5 }, () => ({ source: SOURCE, trace: TRACE })));

  it('spells numbers digit by digit and strings character by character; names and structure stay whole', () => {
    expect(texts(tok, tok.encodeTrace(TRACE))).toEqual(
      '<line> <0> <state> total : 1 7 </state> <line> <1> <state> total : 1 7 <dictsep> word : h i <sp> t h e r e <dictsep> xs : [ 1 2 , 3 . 5 , True ] </state> <output> 1 7 <sp> h i'.split(' '),
    );
    expect(texts(tok, tok.encodePrompt(SOURCE, 'tutorial'))).toEqual(
      "<tutorial> <0> total = 1 7 <1> word = ' h i <sp> t h e r e ' <2> xs = [ 1 2 , 3 . 5 , True ] <3> print ( total , ' h i ' ) <sep>".split(' '),
    );
    // A digit is one token wherever it stands: the model can line digits up.
    const seven = tok.encodeTrace('<output> 7')[1];
    expect(tok.encodeTrace('<output> 17')[2]).toBe(seven);
  });

  it('round-trips traces exactly, and spells names it does not know (no <unk> for ASCII)', () => {
    expect(tok.decodeTrace(tok.encodeTrace(TRACE))).toBe(TRACE);
    const unseen = '<line> <3> <state> zq_9 : [ a,b , -4 ] <dictsep> total : None </state> <output> [1, 2] x';
    const ids = tok.encodeTrace(unseen);
    expect(ids).not.toContain(tok.unk);
    expect(tok.decodeTrace(ids)).toBe(unseen);
    expect(texts(tok, ids).slice(3, 8)).toEqual(['z', 'q', '_', '9', ':']);
    expect(tok.encodeSource('quux_1 = 2\n')).not.toContain(tok.unk);
    expect(tok.encodeSource('s = "é"\n')).toContain(tok.unk); // a character the fit never saw
  });

  it('keeps fitted names whole only when frequent, and fits non-ASCII characters it sees', () => {
    expect(tok.id('total')).toBeDefined(); // 5 occurrences
    expect(tok.id('word')).toBeDefined();
    const rare = TraceTokenizer.fit([{ source: 'zebra = 1\n', trace: '' }]);
    expect(rare.id('zebra')).toBeUndefined();
    const accents = TraceTokenizer.fit([{ source: "s = 'é'\n", trace: '<line> <0> <state> s : é </state>' }]);
    expect(accents.encodeSource("s = 'é'\n")).not.toContain(accents.unk);
    expect(accents.vocabSize).toBe(rare.vocabSize + 1);
  });

  it('weighs only <state> </state> <dictsep> : as structure', () => {
    const structure = [...new Set(tok.encodeTrace(TRACE))].filter((id) => tok.isStructure(id)).map((id) => tok.tokenText(id));
    expect(structure.sort()).toEqual([':', '</state>', '<dictsep>', '<state>']);
  });

  it('serialises to JSON and back (same fingerprint), and refuses other JSON with LMKIT_BAD_CHECKPOINT', () => {
    const back = TraceTokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
    expect(back.fingerprint()).toBe(tok.fingerprint());
    expect(back.encodeTrace(TRACE)).toEqual(tok.encodeTrace(TRACE));
    expect(TraceTokenizer.fit([{ source: 'other_name = 1\n'.repeat(6), trace: '' }]).fingerprint()).not.toBe(tok.fingerprint());
    expect(() => TraceTokenizer.fromJSON({ type: 'lmkit-trace-words', tokens: [] })).toThrow(expect.objectContaining({ code: 'LMKIT_BAD_CHECKPOINT' }));
  });
});

describe('training examples', () => {
  const tok = TraceTokenizer.fit([{ source: 'a = 7\n', trace: '' }]);
  it('encode prompt, trace and <eos>; the loss weighs the source 0, structure tokens 1, every other trace token 10', () => {
    const e = encodeTraceExample(tok, 'a = 7\n', '<line> <0> <state> a : 7 </state>', 'singleline', 64)!;
    expect(e.ids.slice(0, e.promptLength).map((i) => tok.tokenText(i))).toEqual(['<singleline>', '<0>', 'a', '=', '7', '<sep>']);
    expect(e.ids.slice(e.promptLength).map((i) => tok.tokenText(i))).toEqual(['<line>', '<0>', '<state>', 'a', ':', '7', '</state>', '<eos>']);
    const b = makeBatch(tok, [e, encodeTraceExample(tok, 'b = 1\n', '<line> <0> <state> b : 1 </state>', 'singleline', 64)!]);
    // target t is ids[t + 1]: prompt targets weigh 0, then <line> 10, <0> 10, <state> 1, a 10, : 1, 7 10, </state> 1, <eos> 10
    expect(b.weights![0]).toEqual([0, 0, 0, 0, 0, 10, 10, 1, 10, 1, 10, 1, 10]);
    expect(b.inputs[0]!.length).toBe(13);
    expect(encodeTraceExample(tok, 'a = 7\n', '<line> <0> <state> a : 7 </state>', 'singleline', 6)).toBeNull(); // prompt alone does not fit
    const cut = encodeTraceExample(tok, 'a = 7\n', '<line> <0> <state> a : 7 </state>', 'singleline', 9)!;
    expect(cut.truncated).toBe(true);
    expect(cut.ids).toHaveLength(9);
  });
});

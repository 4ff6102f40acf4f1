import { describe, expect, it } from 'vitest';
import { pairTraces, parseTraceJsonl } from './records.js';

describe('parseTraceJsonl', () => {
  it('reads trace strings, reference trace_tokens and ids; skips blank lines', () => {
    const recs = parseTraceJsonl('{"id":1,"trace":"<output> 1"}\n\n{"trace_tokens":["<output>","2"]}\n', 'p.jsonl');
    expect(recs).toEqual([{ id: '1', trace: '<output> 1' }, { trace: '<output> 2' }]);
  });

  it('names file and line of bad input', () => {
    expect(() => parseTraceJsonl('{"trace":"x"}\n{oops', 'g.jsonl')).toThrow('g.jsonl:2: not valid JSON');
    expect(() => parseTraceJsonl('{"trace":3}', 'g.jsonl')).toThrow('g.jsonl:1: needs a string "trace"');
  });
});

describe('pairTraces', () => {
  it('pairs by id when every line has one; a missing prediction is an empty trace', () => {
    const r = pairTraces([{ id: 'b', trace: 'B' }], [{ id: 'a', trace: 'GA' }, { id: 'b', trace: 'GB' }]);
    expect(r).toEqual({ preds: ['', 'B'], golds: ['GA', 'GB'], missing: ['a'] });
  });

  it('pairs by position otherwise and checks counts', () => {
    expect(pairTraces([{ trace: 'x' }], [{ id: 'a', trace: 'y' }]).preds).toEqual(['x']);
    expect(() => pairTraces([], [{ trace: 'y' }])).toThrow(/0 predictions but 1 gold/);
    expect(() => pairTraces([{ id: 'z', trace: '' }], [{ id: 'a', trace: '' }])).toThrow(/"z" has no gold/);
  });
});

import { describe, expect, it } from 'vitest';
import { precisionRecall, scoreTraces } from './score.js';
import { splitTraceSteps } from './steps.js';

// Gold: 4 steps (3 line steps, 1 output step), 1 + 2 + 0 + 3 = 6 identifiers, outputs ["3"].
const S0 = '<line> <0> <state> a : 1 </state>';
const S1 = '<line> <1> <state> a : 1 <dictsep> b : 2 </state>';
const OUT = '<output> 3';
const S2 = '<line> <2> <state> a : 1 <dictsep> b : 2 <dictsep> c : 3 </state>';
const GOLD = [S0, S1, OUT, S2].join(' ');

describe('splitTraceSteps', () => {
  it('splits at <line> and <output>, reads heads and states', () => {
    const { steps, droppedIncomplete } = splitTraceSteps(GOLD);
    expect(droppedIncomplete).toBe(false);
    expect(steps.map((s) => s.kind)).toEqual(['line', 'line', 'output', 'line']);
    expect(steps[1]!.head).toBe('<line> <1>');
    expect([...steps[3]!.state!]).toEqual([['a', '1'], ['b', '2'], ['c', '3']]);
    expect(steps[2]!.output).toBe('3');
  });

  it('keeps ":" inside values and skips a dataset prefix', () => {
    const { steps } = splitTraceSteps('<tutorial> <line> <0> <state> d : { 1 : 2 } </state>');
    expect(steps).toHaveLength(1);
    expect(steps[0]!.state!.get('d')).toBe('{ 1 : 2 }');
  });

  it('drops a final line step without </state> but keeps a final output step', () => {
    const cut = splitTraceSteps(`${S0} <line> <1> <state> a : `);
    expect(cut.steps).toHaveLength(1);
    expect(cut.droppedIncomplete).toBe(true);
    const out = splitTraceSteps(`${S0} ${OUT}`);
    expect(out.steps.map((s) => s.kind)).toEqual(['line', 'output']);
    expect(out.droppedIncomplete).toBe(false);
  });

  it('marks unreadable steps malformed with a reason instead of throwing', () => {
    const { steps } = splitTraceSteps('hello <line> <x> <state> a : 1 </state> <line> <1> a : 1 <line> <2> <state> a 1 </state>');
    expect(steps.map((s) => s.kind)).toEqual(['malformed', 'malformed', 'malformed', 'malformed']);
    expect(steps.map((s) => s.reason)).toEqual([
      'text outside any <line>/<output> step',
      'bad line marker "<line> <x>"',
      'line step without <state>',
      'state entry without " : " ("a 1")',
    ]);
  });
});

describe('precisionRecall', () => {
  it('computes micro P/R/F1 and defines the empty cases', () => {
    expect(precisionRecall(3, 4, 6)).toEqual({ correct: 3, predicted: 4, gold: 6, precision: 0.75, recall: 0.5, f1: 0.6 });
    expect(precisionRecall(0, 0, 0)).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    expect(precisionRecall(0, 0, 5)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(precisionRecall(0, 5, 0)).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });
});

// lmkit's own reading (`referenceQuirks: false`); the default, CodeBERT's metric.py, is pinned in reference.test.ts.
const lmkitScore = (preds: string[], golds: string[]) => scoreTraces(preds, golds, { referenceQuirks: false });

describe('scoreTraces, lmkit reading', () => {
  it('gives 1 everywhere for an exact prediction (whitespace differences ignored)', () => {
    const m = lmkitScore([GOLD.replace(/ /g, '  ')], [GOLD]);
    expect(m.traceAccuracy).toBe(1);
    expect(m.outputAccuracy).toBe(1);
    expect(m.lines).toMatchObject({ correct: 4, predicted: 4, gold: 4, f1: 1 });
    expect(m.identifiers).toMatchObject({ correct: 6, predicted: 6, gold: 6, f1: 1 });
    expect(m.malformed).toEqual([]);
  });

  it('scores a shorter prediction (prefix of the gold trace)', () => {
    const m = lmkitScore([`${S0} ${S1}`], [GOLD]);
    expect(m.traceAccuracy).toBe(0);
    expect(m.outputAccuracy).toBe(0);
    expect(m.lines).toMatchObject({ correct: 2, predicted: 2, gold: 4, precision: 1, recall: 0.5 });
    expect(m.lines.f1).toBeCloseTo(2 / 3, 12);
    expect(m.identifiers).toMatchObject({ correct: 3, predicted: 3, gold: 6, precision: 1, recall: 0.5 });
  });

  it('scores a longer prediction (an extra final step)', () => {
    const m = lmkitScore([`${GOLD} <line> <3> <state> d : 4 </state>`], [GOLD]);
    expect(m.traceAccuracy).toBe(0);
    expect(m.outputAccuracy).toBe(1);
    expect(m.lines).toMatchObject({ correct: 4, predicted: 5, gold: 4, precision: 0.8, recall: 1 });
    expect(m.lines.f1).toBeCloseTo((2 * 0.8) / 1.8, 12);
    expect(m.identifiers).toMatchObject({ correct: 6, predicted: 7, gold: 6 });
  });

  it('counts identifiers of a wrong step only where its line matches', () => {
    const wrongValue = GOLD.replace('b : 2 </state> <output>', 'b : 5 </state> <output>');
    const a = lmkitScore([wrongValue], [GOLD]);
    expect(a.lines.correct).toBe(3);
    expect(a.identifiers).toMatchObject({ correct: 5, predicted: 6, gold: 6 });
    const wrongLine = GOLD.replace('<line> <1>', '<line> <5>');
    const b = lmkitScore([wrongLine], [GOLD]);
    expect(b.lines.correct).toBe(3);
    expect(b.identifiers.correct).toBe(4); // step 1's a and b do not count
  });

  it('compares by position: one missing step shifts every later one', () => {
    const m = lmkitScore([`${S1} ${OUT} ${S2}`], [GOLD]);
    expect(m.lines).toMatchObject({ correct: 0, predicted: 3, gold: 4, f1: 0 });
    expect(m.identifiers).toMatchObject({ correct: 0, predicted: 5, gold: 6 });
    expect(m.outputAccuracy).toBe(1); // the output sequence itself is still right
  });

  it('scores an empty prediction as all wrong, and empty vs empty as right', () => {
    const m = lmkitScore([''], [GOLD]);
    expect(m.lines).toMatchObject({ correct: 0, predicted: 0, gold: 4, precision: 0, recall: 0, f1: 0 });
    expect(m.outputAccuracy).toBe(0);
    const e = lmkitScore([''], ['']);
    expect(e.traceAccuracy).toBe(1);
    expect(e.outputAccuracy).toBeNull();
    expect(e.outputPrograms).toBe(0);
    expect(e.lines).toMatchObject({ precision: 1, recall: 1, f1: 1 });
    const none = lmkitScore([], []);
    expect(none.traceAccuracy).toBeNull();
    expect(none.outputAccuracy).toBeNull();
  });

  it('counts malformed prediction steps as wrong and reports them', () => {
    const m = lmkitScore([`${S0} <line> <1> <state> a : 1 <dictsep> b 2 </state> ${OUT} ${S2}`], [GOLD]);
    expect(m.lines).toMatchObject({ correct: 3, predicted: 4 });
    // The malformed step's readable entry (a) counts as predicted but never as correct.
    expect(m.identifiers).toMatchObject({ correct: 4, predicted: 5, gold: 6 });
    expect(m.malformed).toEqual([{ program: 0, step: 1, text: '<line> <1> <state> a : 1 <dictsep> b 2 </state>', reason: 'state entry without " : " ("b 2")' }]);
    expect(m.malformedGold).toEqual([]);
  });

  it('ignores a truncated final prediction step', () => {
    const m = lmkitScore([`${GOLD} <line> <3> <state> d :`], [GOLD]);
    expect(m.traceAccuracy).toBe(1);
    expect(m.droppedIncomplete).toEqual({ predicted: 1, gold: 0 });
  });

  it('aggregates micro counts over programs', () => {
    const m = lmkitScore([GOLD, `${S0} ${S1}`, ''], [GOLD, GOLD, S0]);
    expect(m.programs).toBe(3);
    expect(m.traceAccuracy).toBeCloseTo(1 / 3, 12);
    expect(m.outputPrograms).toBe(2); // the third gold prints nothing
    expect(m.outputAccuracy).toBe(0.5);
    expect(m.lines).toMatchObject({ correct: 6, predicted: 6, gold: 9, precision: 1 });
    expect(m.lines.recall).toBeCloseTo(6 / 9, 12);
    expect(m.identifiers).toMatchObject({ correct: 9, predicted: 9, gold: 13 });
    expect(m.perProgram.map((p) => p.exact)).toEqual([true, false, false]);
  });

  it('rejects mismatched counts with a typed error', () => {
    expect(() => lmkitScore(['a'], [])).toThrow(/1 predictions but 0 gold/);
  });
});

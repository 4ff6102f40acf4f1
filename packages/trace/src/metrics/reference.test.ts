import { describe, expect, it } from 'vitest';
import { pyRound2, pyStrip, referenceMetrics, referenceOutputs, referenceProgram, referenceSameSentence, referenceSentences, referenceState } from './reference.js';
import { scoreTraces } from './score.js';

// Each test pins one rule of CodeBERT's CodeExecutor/inference/metric.py (compute_metrics).
const L0 = '<line> <0> <state> a : 1 </state>';
const L1 = '<line> <1> <state> a : 1 <dictsep> b : 2 </state>';

describe('metric.py: splitting into sentences', () => {
  it('splits at every <line> and <output>; text before the first marker is a sentence too', () => {
    expect(referenceSentences(`${L0} <output> 3 ${L1}`)).toEqual([`${L0} `, '<output> 3 ', L1]);
    expect(referenceSentences(`<tutorial> ${L0}`)).toEqual(['<tutorial> ', L0]);
    expect(referenceSentences('')).toEqual([]);
  });

  it('drops the last sentence when it has no </state> — a final <output> step included', () => {
    expect(referenceSentences(`${L0} <output> 3`)).toEqual([`${L0} `]);
    expect(referenceSentences(`${L0} <line> <1> <state> a : `)).toEqual([`${L0} `]);
    expect(referenceOutputs(`${L0} <output> 3`)).toEqual([]);
    expect(referenceOutputs(`${L0} <output> 3 ${L1}`)).toEqual(['3']);
  });

  it('reads a printed value as the text after "<output>" and one character, stripped, cut at _____event, empty skipped', () => {
    expect(referenceOutputs(`<output> x y  <output>  <output> a_____event b ${L0}`)).toEqual(['x y', 'a']);
    // The character after "<output>" is skipped even when it is not a space.
    expect(referenceOutputs(`<output>Z ${L0}`)).toEqual([]);
  });
});

describe('metric.py: comparing sentences', () => {
  it('compares output sentences as raw strings (a trailing space matters)', () => {
    expect(referenceSameSentence('<output> 3 ', '<output> 3 ').same).toBe(true);
    expect(referenceSameSentence('<output> 3', '<output> 3 ').same).toBe(false);
    expect(referenceSameSentence(`${L0} `, '<output> 3 ').same).toBe(false);
  });

  it('reads a state at each piece\'s first ":", ignores pieces without one, and later duplicates win', () => {
    const s = referenceState('<line> <2> <state> d : { 1 : 2 } <dictsep> junk <dictsep> x : 1 <dictsep> x : 9 </state>');
    expect(s.head).toBe('<line> <2>');
    expect([...s.state]).toEqual([
      ['d', '{ 1 : 2 }'],
      ['x', '9'],
    ]);
  });

  it('counts identifiers only where the line markers are equal', () => {
    expect(referenceSameSentence(L1, L1)).toEqual({ same: true, identifiers: 2 });
    expect(referenceSameSentence(L1.replace('b : 2', 'b : 5'), L1)).toEqual({ same: false, identifiers: 1 });
    expect(referenceSameSentence(L1.replace('<1>', '<7>'), L1)).toEqual({ same: false, identifiers: 0 });
  });

  it('counts identifiers of every sentence, output steps too: without <state> the "state" is the last character', () => {
    // Python: text[text.find("<state>"):] with find() == -1 is the last character.
    expect(referenceState('<output> a:').state.size).toBe(1);
    expect(referenceState('<output> 3 ').state.size).toBe(0);
    expect(referenceProgram('<output> a:<output> b ' + L0, 'x').identifiers.predicted).toBe(2);
  });
});

describe('metric.py: corpus numbers', () => {
  it('scores a hand-made corpus like metric.py (micro counts, round(100x, 2))', () => {
    const gold = `${L0} <output> 3 ${L1}`;
    const wrong = `${L0} <output> 3 ${L1.replace('b : 2', 'b : 5')} <line> <9> oops </state>`;
    const r = referenceMetrics([gold, wrong], [gold, gold]);
    expect(r.counts).toMatchObject({ programs: 2, outputPrograms: 2, outputSame: 2, exact: 1, lines: { same: 5, predicted: 7, gold: 6 }, identifiers: { same: 5, predicted: 6, gold: 6 } });
    expect(r.numbers).toEqual({ outputAccuracy: 100, traceAccuracy: 50, lineP: 71.43, lineR: 83.33, lineF1: 76.92, identifierP: 83.33, identifierR: 83.33, identifierF1: 83.33 });
  });

  it('gives null where metric.py divides by zero', () => {
    const r = referenceMetrics(['', ''], [L0, `<output> 3 ${L0}`]);
    expect(r.numbers.lineP).toBeNull();
    expect(r.numbers.lineR).toBe(0);
    expect(r.numbers.lineF1).toBeNull();
    expect(referenceMetrics([L0], [L0]).numbers.outputAccuracy).toBeNull();
  });

  it('strips both texts first (Python\'s whitespace)', () => {
    expect(pyStrip('\u001c\t x \u0085')).toBe('x');
    expect(pyStrip('\ufeffx')).toBe('\ufeffx');
    expect(referenceProgram(`  ${L0}\n`, L0).exact).toBe(true);
  });

  it('rounds like Python: the exact double, ties to even', () => {
    expect(pyRound2(0.125)).toBe(0.12); // exactly halfway: to even
    expect(pyRound2(0.375)).toBe(0.38);
    expect(pyRound2(2.675)).toBe(2.67); // the double is just below 2.675
    expect(pyRound2(100 * (5 / 7))).toBe(71.43);
    expect(pyRound2(-1.005)).toBe(-1); // the double is just below 1.005
  });
});

describe('scoreTraces: reference by default, lmkit\'s reading on request, diagnostics either way', () => {
  it('a trailing <output> step: metric.py drops it, lmkit keeps it', () => {
    const t = `${L0} <output> 3`;
    const ref = scoreTraces([t], [t]);
    const mine = scoreTraces([t], [t], { referenceQuirks: false });
    expect([ref.definition, ref.outputAccuracy, ref.lines.gold]).toEqual(['reference', null, 1]);
    expect([mine.definition, mine.outputAccuracy, mine.lines.gold]).toEqual(['lmkit', 1, 2]);
  });

  it('text outside a step: metric.py counts it as a sentence, lmkit as a malformed step; both list it', () => {
    const ref = scoreTraces([`junk ${L0}`], [L0]);
    expect(ref.lines).toMatchObject({ correct: 0, predicted: 2, gold: 1 });
    expect(ref.malformed.map((m) => m.reason)).toEqual(['text outside any <line>/<output> step']);
  });
});

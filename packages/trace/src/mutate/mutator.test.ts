import { loadPyodide, type PyodideAPI } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { Mutator, type MutationResult } from './mutator.js';
import { MUTATION_OPERATOR_IDS, type MutationOperator } from './operators.js';

let py: PyodideAPI;
let m: Mutator;
beforeAll(async () => {
  py = await loadPyodide({ jsglobals: {} });
  m = new Mutator(py);
});

const P = ['a = 3', 'b = [1, 2]', 'for x in b:', '    if x > 1 and a != 0:', '        a += x * 2', '    c = -a & 6', 'print(a, c not in b)'];
const PROGRAM = P.join('\n') + '\n';

/** P with line `i` (0-based) replaced. */
const withLine = (i: number, text: string, lines = P): string => lines.map((l, k) => (k === i ? text : l)).join('\n');

function ok(r: MutationResult): Extract<MutationResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected a mutant, got ${r.reason}: ${r.message}`);
  return r;
}

/** Every distinct mutant source over seeds 0..n-1. */
function outcomes(source: string, op: MutationOperator, n = 120): Set<string> {
  const s = new Set<string>();
  for (let seed = 0; seed < n; seed++) s.add(ok(m.mutate(source, op, seed)).source);
  return s;
}

describe('Mutator on a fixed program', () => {
  it('counts candidate sites per operator (counted by hand)', () => {
    expect(m.sites(PROGRAM)).toEqual({ CRP: 7, AOR: 1, ASR: 1, BOR: 1, LCR: 1, ROR: 3, UOI: 3, UOD: 1, CNG: 1, SDL: 5, SIN: 2, VSW: 8 });
  });

  it('LCR: and → or', () => {
    const r = ok(m.mutate(PROGRAM, 'LCR', 7));
    expect(r.source).toBe(withLine(3, '    if x > 1 or a != 0:'));
    expect([r.line, r.before, r.after]).toEqual([4, 'and', 'or']);
  });

  it('UOD: -a → a', () => {
    expect(ok(m.mutate(PROGRAM, 'UOD', 7)).source).toBe(withLine(5, '    c = a & 6'));
  });

  it('CNG: the if test is negated', () => {
    expect(ok(m.mutate(PROGRAM, 'CNG', 7)).source).toBe(withLine(3, '    if not (x > 1 and a != 0):'));
  });

  it('AOR: * becomes each other arithmetic operator', () => {
    const want = ['+', '-', '/', '//', '%', '**'].map((op) => withLine(4, `        a += x ${op} 2`));
    expect([...outcomes(PROGRAM, 'AOR')].sort()).toEqual(want.sort());
  });

  it('ASR: += becomes each other arithmetic augmented assignment', () => {
    const want = ['-', '*', '/', '//', '%', '**'].map((op) => withLine(4, `        a ${op}= x * 2`));
    expect([...outcomes(PROGRAM, 'ASR')].sort()).toEqual(want.sort());
  });

  it('BOR: & becomes each other bitwise operator', () => {
    const want = ['|', '^', '<<', '>>'].map((op) => withLine(5, `    c = -a ${op} 6`));
    expect([...outcomes(PROGRAM, 'BOR')].sort()).toEqual(want.sort());
  });

  it('ROR: each comparison becomes another relational operator; not in → in', () => {
    const rel = ['<', '<=', '>', '>=', '==', '!='];
    const want = [
      ...rel.filter((o) => o !== '>').map((o) => withLine(3, `    if x ${o} 1 and a != 0:`)),
      ...rel.filter((o) => o !== '!=').map((o) => withLine(3, `    if x > 1 and a ${o} 0:`)),
      withLine(6, 'print(a, c in b)'),
    ];
    expect([...outcomes(PROGRAM, 'ROR', 300)].sort()).toEqual(want.sort());
  });
});

describe('Mutator on tiny programs', () => {
  it('CRP: n → n+1, n-1 or 0, and a negative replacement keeps precedence', () => {
    expect([...outcomes('y = 5\n', 'CRP', 60)].sort()).toEqual(['y = 0', 'y = 4', 'y = 6']);
    expect([...outcomes('y = 0.5\n', 'CRP', 60)].sort()).toEqual(['y = -0.5', 'y = 0.0', 'y = 1.5']);
    expect([...outcomes('y = 0 ** k\n', 'CRP', 60)].sort()).toEqual(['y = (-1) ** k', 'y = 1 ** k']);
  });

  it('UOI: an operand x becomes -x', () => {
    expect([...outcomes('y = a * b\n', 'UOI', 60)].sort()).toEqual(['y = -a * b', 'y = a * -b']);
  });

  it('SDL: a statement is removed, pass keeps an emptied block valid', () => {
    expect(ok(m.mutate('for i in range(3):\n    s = i\n', 'SDL', 1)).source).toBe('for i in range(3):\n    pass');
    expect([...outcomes('a = 1\nb = 2\n', 'SDL', 40)].sort()).toEqual(['a = 1', 'b = 2']);
  });

  it('SIN: a state-changing statement is repeated', () => {
    const r = ok(m.mutate('s = 0\nfor i in range(3):\n    s += i\n', 'SIN', 3));
    expect(r.source).toBe('s = 0\nfor i in range(3):\n    s += i\n    s += i');
    expect(r.sites).toBe(1); // `s = 0` does not read s, so it is not a site
  });

  it('VSW: a read of one variable uses another', () => {
    expect(ok(m.mutate('a = 1\nb = a + 1\n', 'VSW', 5)).source).toBe('a = 1\nb = b + 1');
  });
});

describe('Mutator contracts', () => {
  it('is deterministic per seed, and every mutant compiles and differs from the original', () => {
    const compiles = py.runPython('lambda s: compile(s, "<m>", "exec") is not None') as (s: string) => boolean;
    for (const op of MUTATION_OPERATOR_IDS) {
      for (let seed = 0; seed < 5; seed++) {
        const a = ok(m.mutate(PROGRAM, op, seed));
        expect(m.mutate(PROGRAM, op, seed)).toEqual(a);
        expect(compiles(a.source)).toBe(true);
        expect(a.source).not.toBe(a.original);
        expect(a.original).toBe(m.normalize(PROGRAM));
      }
    }
  });

  it('reports programs without a site or that do not parse, and rejects unknown operators', () => {
    expect(m.mutate('x = 1\n', 'LCR', 0)).toMatchObject({ ok: false, reason: 'no-site' });
    expect(m.mutate('def (:\n', 'CRP', 0)).toMatchObject({ ok: false, reason: 'syntax' });
    expect(() => m.mutate('x = 1', 'XYZ' as MutationOperator, 0)).toThrow(/unknown mutation operator "XYZ"/);
    expect(() => m.sites('def (:')).toThrow(/does not parse/);
  });
});

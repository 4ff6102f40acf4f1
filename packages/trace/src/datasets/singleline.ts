/**
 * SingleLine: seeded single-line transformations over ints, floats, strings, lists and dicts, in the
 * spirit of the paper's SingleLine set: a few assignments set up a state, then one line transforms it.
 * Program `i` depends only on `(seed, i)`, so any slice of the set can be generated alone.
 */
import { Rng } from '@lmkit/tensor';

/** The value types a SingleLine program works on. */
export type SingleLineType = 'int' | 'float' | 'str' | 'list' | 'dict';

/** One generated program. */
export interface SingleLineProgram {
  /** Python source: setup assignments, then the transformation line (last line). */
  source: string;
  /** Type the transformation works on. */
  type: SingleLineType;
  /** Name of the template used (for statistics). */
  template: string;
}

/** Types in generation order (program `i` draws one uniformly). */
export const SINGLELINE_TYPES: readonly SingleLineType[] = ['int', 'float', 'str', 'list', 'dict'];

const LETTERS = 'abcde';

/** A derived generator for item `i` of a set seeded with `seed`. */
export function itemRng(seed: number, i: number): Rng {
  return new Rng(seed).fork(i);
}

const int = (r: Rng, lo: number, hi: number): number => lo + r.int(hi - lo + 1);
const float = (r: Rng): number => int(r, -50, 50) / 10;
const word = (r: Rng, min = 1, max = 4): string => Array.from({ length: int(r, min, max) }, () => LETTERS[r.int(LETTERS.length)]).join('');
/** A Python float literal (always with a dot). */
const pyFloat = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
const pyStr = (s: string): string => `'${s}'`;
const pyList = (xs: number[]): string => `[${xs.join(', ')}]`;
const pyDict = (d: [string, number][]): string => `{${d.map(([k, v]) => `${pyStr(k)}: ${v}`).join(', ')}}`;
const intList = (r: Rng, min = 1, max = 4): number[] => Array.from({ length: int(r, min, max) }, () => int(r, 0, 9));
function dict(r: Rng): [string, number][] {
  const keys = [...LETTERS].slice(0, int(r, 1, 3));
  return keys.map((k) => [k, int(r, 0, 9)]);
}

type Template = (r: Rng) => { setup: string[]; line: string };

/** Templates per type: setup lines and one transformation (names kept few so the vocabulary stays small). */
const TEMPLATES: Record<SingleLineType, Record<string, Template>> = {
  int: {
    add: (r) => ({ setup: [`a = ${int(r, 0, 20)}`], line: `b = a + ${int(r, 1, 9)}` }),
    sub2: (r) => ({ setup: [`a = ${int(r, 0, 20)}`, `b = ${int(r, 0, 20)}`], line: 'c = a - b' }),
    mul: (r) => ({ setup: [`a = ${int(r, 0, 12)}`], line: `a = a * ${int(r, 2, 5)}` }),
    floordiv: (r) => ({ setup: [`a = ${int(r, 0, 50)}`], line: `b = a // ${int(r, 2, 7)}` }),
    mod: (r) => ({ setup: [`a = ${int(r, 0, 50)}`], line: `b = a % ${int(r, 2, 7)}` }),
    max: (r) => ({ setup: [`a = ${int(r, 0, 20)}`, `b = ${int(r, 0, 20)}`], line: 'c = max(a, b)' }),
    square: (r) => ({ setup: [`a = ${int(r, -9, 9)}`], line: 'b = a ** 2' }),
    compare: (r) => ({ setup: [`a = ${int(r, 0, 9)}`, `b = ${int(r, 0, 9)}`], line: `c = a ${r.pick(['<', '>', '==', '!='])} b` }),
  },
  float: {
    add: (r) => ({ setup: [`x = ${pyFloat(float(r))}`], line: `y = x + ${pyFloat(int(r, 1, 9) / 2)}` }),
    half: (r) => ({ setup: [`x = ${pyFloat(float(r))}`], line: 'y = x / 2' }),
    round: (r) => ({ setup: [`x = ${pyFloat(float(r))}`], line: 'y = round(x)' }),
    int: (r) => ({ setup: [`x = ${pyFloat(float(r))}`], line: 'y = int(x)' }),
    abs: (r) => ({ setup: [`x = ${pyFloat(float(r))}`], line: 'y = abs(x)' }),
  },
  str: {
    concat: (r) => ({ setup: [`s = ${pyStr(word(r))}`, `t = ${pyStr(word(r))}`], line: 'u = s + t' }),
    upper: (r) => ({ setup: [`s = ${pyStr(word(r))}`], line: 's = s.upper()' }),
    reverse: (r) => ({ setup: [`s = ${pyStr(word(r, 2, 5))}`], line: 't = s[::-1]' }),
    repeat: (r) => ({ setup: [`s = ${pyStr(word(r, 1, 3))}`], line: `t = s * ${int(r, 2, 3)}` }),
    len: (r) => ({ setup: [`s = ${pyStr(word(r, 0, 5))}`], line: 'n = len(s)' }),
    index: (r) => ({ setup: [`s = ${pyStr(word(r, 3, 5))}`], line: `c = s[${int(r, 0, 2)}]` }),
    slice: (r) => ({ setup: [`s = ${pyStr(word(r, 3, 5))}`], line: `t = s[${int(r, 0, 1)}:${int(r, 2, 3)}]` }),
    count: (r) => ({ setup: [`s = ${pyStr(word(r, 2, 5))}`], line: `n = s.count(${pyStr(word(r, 1, 1))})` }),
    list: (r) => ({ setup: [`s = ${pyStr(word(r, 1, 4))}`], line: 'l = list(s)' }),
  },
  list: {
    append: (r) => ({ setup: [`l = ${pyList(intList(r, 0, 3))}`], line: `l.append(${int(r, 0, 9)})` }),
    concat: (r) => ({ setup: [`l = ${pyList(intList(r))}`, `m = ${pyList(intList(r))}`], line: 'n = l + m' }),
    sorted: (r) => ({ setup: [`l = ${pyList(intList(r, 2, 4))}`], line: 'm = sorted(l)' }),
    reverse: (r) => ({ setup: [`l = ${pyList(intList(r, 2, 4))}`], line: 'm = l[::-1]' }),
    sum: (r) => ({ setup: [`l = ${pyList(intList(r))}`], line: 'n = sum(l)' }),
    index: (r) => ({ setup: [`l = ${pyList(intList(r, 3, 4))}`], line: `n = l[${int(r, -2, 2)}]` }),
    setitem: (r) => ({ setup: [`l = ${pyList(intList(r, 3, 4))}`], line: `l[${int(r, 0, 2)}] = ${int(r, 0, 9)}` }),
    double: (r) => ({ setup: [`l = ${pyList(intList(r))}`], line: 'm = [v * 2 for v in l]' }),
    pop: (r) => ({ setup: [`l = ${pyList(intList(r, 1, 4))}`], line: 'n = l.pop()' }),
    max: (r) => ({ setup: [`l = ${pyList(intList(r))}`], line: 'n = max(l)' }),
  },
  dict: {
    setitem: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: `d[${pyStr(word(r, 1, 1))}] = ${int(r, 0, 9)}` }),
    get: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: `n = d.get(${pyStr(word(r, 1, 1))}, 0)` }),
    keys: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: 'l = list(d.keys())' }),
    values: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: 'n = sum(d.values())' }),
    len: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: 'n = len(d)' }),
    pop: (r) => {
      const d = dict(r);
      return { setup: [`d = ${pyDict(d)}`], line: `n = d.pop(${pyStr(r.pick(d)[0])})` };
    },
    in: (r) => ({ setup: [`d = ${pyDict(dict(r))}`], line: `b = ${pyStr(word(r, 1, 1))} in d` }),
  },
};

/** Program `i` of the SingleLine set seeded with `seed`. */
export function singleLineProgram(seed: number, i: number): SingleLineProgram {
  const r = itemRng(seed, i);
  const type = r.pick(SINGLELINE_TYPES);
  const names = Object.keys(TEMPLATES[type]);
  const template = r.pick(names);
  const { setup, line } = TEMPLATES[type][template]!(r);
  return { source: [...setup, line].join('\n') + '\n', type, template };
}

/** Number of templates per type (for docs and statistics). */
export function singleLineTemplateCount(): Record<SingleLineType, number> {
  return Object.fromEntries(SINGLELINE_TYPES.map((t) => [t, Object.keys(TEMPLATES[t]).length])) as Record<SingleLineType, number>;
}

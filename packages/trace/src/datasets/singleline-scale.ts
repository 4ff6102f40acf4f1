/**
 * SingleLine at scale: one-line transformations of ints, floats, strings, lists, dicts and booleans
 * with varied variable names and values (tens of thousands of distinct programs, the paper's set has
 * millions). A few assignments set up a state, then one line transforms it. Program `i` depends only
 * on `(seed, i)`.
 *
 * Some templates are *held out*: compositions of trained operations (`c = a * k + j` after
 * `b = a * k` and `b = a + k`) that never appear in training, to measure whether the model combines
 * what it learned ({@link SINGLELINE_HELDOUT_TEMPLATES}). Browser-safe.
 */
import type { Rng } from '@lmkit/tensor';
import { drawNames } from './names.js';
import { pickDistinct, pyDict, pyFloat, pyIntList, pyStr, pyStrList, randDict, randInt, randIntList, randTenth, randWord } from './py-literals.js';
import { itemRng } from './singleline.js';

/** A generated program with its template. */
export interface ScaledSingleLineProgram {
  source: string;
  /** `type.name`, e.g. `list.append`. */
  template: string;
  /** True for a held-out template (never trained on). */
  heldOutTemplate: boolean;
}

type Lines = { setup: string[]; line: string };
type Template = (r: Rng) => Lines;

const int = (r: Rng): number => randInt(r, 0, 30);
const word = (r: Rng): string => randWord(r, 1, 5);
const cmp = (r: Rng): string => r.pick(['<', '>', '<=', '>=', '==', '!=']);

function ints(r: Rng, k: number, lo = 0, hi = 30): { names: string[]; setup: string[] } {
  const names = drawNames(r, ...Array.from({ length: k + 1 }, () => 'int' as const));
  return { names, setup: names.slice(0, k).map((n) => `${n} = ${randInt(r, lo, hi)}`) };
}

const INT: Record<string, Template> = {
  add_const: (r) => {
    const { names: [a, b], setup } = ints(r, 1);
    return { setup, line: `${b} = ${a} + ${randInt(r, 1, 20)}` };
  },
  sub: (r) => {
    const { names: [a, b, c], setup } = ints(r, 2);
    return { setup, line: `${c} = ${a} - ${b}` };
  },
  add: (r) => {
    const { names: [a, b, c], setup } = ints(r, 2);
    return { setup, line: `${c} = ${a} + ${b}` };
  },
  mul_const: (r) => {
    const { names: [a, b], setup } = ints(r, 1, 0, 12);
    return { setup, line: `${b} = ${a} * ${randInt(r, 2, 9)}` };
  },
  floordiv: (r) => {
    const { names: [a, b], setup } = ints(r, 1, 0, 99);
    return { setup, line: `${b} = ${a} // ${randInt(r, 2, 9)}` };
  },
  mod: (r) => {
    const { names: [a, b], setup } = ints(r, 1, 0, 99);
    return { setup, line: `${b} = ${a} % ${randInt(r, 2, 9)}` };
  },
  max: (r) => {
    const { names: [a, b, c], setup } = ints(r, 2);
    return { setup, line: `${c} = max(${a}, ${b})` };
  },
  min: (r) => {
    const { names: [a, b, c], setup } = ints(r, 2);
    return { setup, line: `${c} = min(${a}, ${b})` };
  },
  square: (r) => {
    const { names: [a, b], setup } = ints(r, 1, -12, 12);
    return { setup, line: `${b} = ${a} ** 2` };
  },
  abs: (r) => {
    const { names: [a, b], setup } = ints(r, 1, -30, 30);
    return { setup, line: `${b} = abs(${a})` };
  },
  neg: (r) => {
    const { names: [a, b], setup } = ints(r, 1, -30, 30);
    return { setup, line: `${b} = -${a}` };
  },
  aug: (r) => {
    const { names: [a], setup } = ints(r, 1);
    return { setup, line: `${a} ${r.pick(['+=', '-=', '*='])} ${randInt(r, 1, 9)}` };
  },
  swap: (r) => {
    const { names: [a, b], setup } = ints(r, 2);
    return { setup, line: `${a}, ${b} = ${b}, ${a}` };
  },
  compare: (r) => {
    const [a, b] = drawNames(r, 'int', 'int');
    const [c] = drawNames(r, 'bool');
    return { setup: [`${a} = ${randInt(r, 0, 9)}`, `${b} = ${randInt(r, 0, 9)}`], line: `${c} = ${a} ${cmp(r)} ${b}` };
  },
  to_str: (r) => {
    const [a] = drawNames(r, 'int');
    const [s] = drawNames(r, 'str');
    return { setup: [`${a} = ${randInt(r, 0, 999)}`], line: `${s} = str(${a})` };
  },
  from_str: (r) => {
    const [s] = drawNames(r, 'str');
    const [a] = drawNames(r, 'int');
    return { setup: [`${s} = ${pyStr(String(randInt(r, 0, 999)))}`], line: `${a} = int(${s})` };
  },
  print_add: (r) => {
    const { setup, names: [a, b] } = ints(r, 2);
    return { setup, line: `print(${a} + ${b})` };
  },
  // held out: compositions of the templates above
  affine: (r) => {
    const { names: [a, b], setup } = ints(r, 1, 0, 12);
    return { setup, line: `${b} = ${a} * ${randInt(r, 2, 9)} + ${randInt(r, 1, 20)}` };
  },
  mod_sum: (r) => {
    const { names: [a, b, c], setup } = ints(r, 2);
    return { setup, line: `${c} = (${a} + ${b}) % ${randInt(r, 2, 9)}` };
  },
};

const FLOAT: Record<string, Template> = {
  add: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${y} = ${x} + ${pyFloat(randInt(r, 1, 19) / 2)}` };
  },
  half: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${y} = ${x} / 2` };
  },
  double: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${y} = ${x} * 2` };
  },
  round: (r) => {
    const [x] = drawNames(r, 'float');
    const [n] = drawNames(r, 'int');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${n} = round(${x})` };
  },
  int: (r) => {
    const [x] = drawNames(r, 'float');
    const [n] = drawNames(r, 'int');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${n} = int(${x})` };
  },
  abs: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${y} = abs(${x})` };
  },
  from_int: (r) => {
    const [n] = drawNames(r, 'int');
    const [x] = drawNames(r, 'float');
    return { setup: [`${n} = ${randInt(r, 0, 30)}`], line: `${x} = float(${n})` };
  },
  compare: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    const [b] = drawNames(r, 'bool');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -5, 5))}`, `${y} = ${pyFloat(randTenth(r, -5, 5))}`], line: `${b} = ${x} ${cmp(r)} ${y}` };
  },
  // held out
  abs_half: (r) => {
    const [x, y] = drawNames(r, 'float', 'float');
    return { setup: [`${x} = ${pyFloat(randTenth(r, -9, 9))}`], line: `${y} = abs(${x}) / 2` };
  },
};

function strOne(r: Rng, min = 1, max = 5): { s: string; value: string; setup: string[] } {
  const [s] = drawNames(r, 'str');
  const value = randWord(r, min, max);
  return { s: s!, value, setup: [`${s} = ${pyStr(value)}`] };
}

const STR: Record<string, Template> = {
  concat: (r) => {
    const [s, t, u] = drawNames(r, 'str', 'str', 'str');
    return { setup: [`${s} = ${pyStr(word(r))}`, `${t} = ${pyStr(word(r))}`], line: `${u} = ${s} + ${t}` };
  },
  upper: (r) => {
    const { s, setup } = strOne(r);
    return { setup, line: `${s} = ${s}.upper()` };
  },
  capitalize: (r) => {
    const { s, setup } = strOne(r);
    const [t] = drawNames(r, 'str').filter((x) => x !== s);
    return { setup, line: `${t ?? s} = ${s}.capitalize()` };
  },
  reverse: (r) => {
    const { s, setup } = strOne(r, 2, 6);
    return { setup, line: `${s} = ${s}[::-1]` };
  },
  repeat: (r) => {
    const { s, setup } = strOne(r, 1, 3);
    return { setup, line: `${s} = ${s} * ${randInt(r, 2, 3)}` };
  },
  len: (r) => {
    const { s, setup } = strOne(r, 0, 8);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = len(${s})` };
  },
  index: (r) => {
    const { s, value, setup } = strOne(r, 2, 6);
    const [n] = drawNames(r, 'str').filter((x) => x !== s);
    return { setup, line: `${n ?? 'ch'} = ${s}[${randInt(r, -value.length, value.length - 1)}]` };
  },
  slice: (r) => {
    const { s, value, setup } = strOne(r, 3, 6);
    const i = randInt(r, 0, value.length - 1);
    return { setup, line: `${s} = ${s}[${i}:${randInt(r, i, value.length)}]` };
  },
  count: (r) => {
    const { s, setup } = strOne(r, 2, 8);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${s}.count(${pyStr(randWord(r, 1, 1, 5))})` };
  },
  find: (r) => {
    const { s, setup } = strOne(r, 2, 6);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${s}.find(${pyStr(randWord(r, 1, 1, 8))})` };
  },
  replace: (r) => {
    const { s, setup } = strOne(r, 2, 6);
    return { setup, line: `${s} = ${s}.replace(${pyStr(randWord(r, 1, 1, 6))}, ${pyStr(randWord(r, 1, 2))})` };
  },
  startswith: (r) => {
    const { s, setup } = strOne(r, 1, 5);
    const [b] = drawNames(r, 'bool');
    return { setup, line: `${b} = ${s}.startswith(${pyStr(randWord(r, 1, 2, 4))})` };
  },
  contains: (r) => {
    const { s, setup } = strOne(r, 1, 6);
    const [b] = drawNames(r, 'bool');
    return { setup, line: `${b} = ${pyStr(randWord(r, 1, 1, 8))} in ${s}` };
  },
  to_list: (r) => {
    const { s, setup } = strOne(r, 1, 5);
    const [xs] = drawNames(r, 'list');
    return { setup, line: `${xs} = list(${s})` };
  },
  split: (r) => {
    const [s] = drawNames(r, 'str');
    const [xs] = drawNames(r, 'list');
    const words = Array.from({ length: randInt(r, 1, 3) }, () => randWord(r, 1, 4));
    return { setup: [`${s} = ${pyStr(words.join(' '))}`], line: `${xs} = ${s}.split()` };
  },
  join: (r) => {
    const [xs] = drawNames(r, 'list');
    const [s] = drawNames(r, 'str');
    const words = Array.from({ length: randInt(r, 1, 3) }, () => randWord(r, 1, 3));
    return { setup: [`${xs} = ${pyStrList(words)}`], line: `${s} = ${pyStr(r.pick(['-', '', '+', '.']))}.join(${xs})` };
  },
  print_upper: (r) => {
    const { s, setup } = strOne(r);
    return { setup, line: `print(${s}.upper())` };
  },
  // held out
  reverse_upper: (r) => {
    const { s, setup } = strOne(r, 2, 5);
    return { setup, line: `${s} = ${s}[::-1].upper()` };
  },
  len_concat: (r) => {
    const [s, t] = drawNames(r, 'str', 'str');
    const [n] = drawNames(r, 'int');
    return { setup: [`${s} = ${pyStr(word(r))}`, `${t} = ${pyStr(word(r))}`], line: `${n} = len(${s} + ${t})` };
  },
};

function listOne(r: Rng, min = 1, max = 5): { xs: string; values: number[]; setup: string[] } {
  const [xs] = drawNames(r, 'list');
  const values = randIntList(r, min, max);
  return { xs: xs!, values, setup: [`${xs} = ${pyIntList(values)}`] };
}

const LIST: Record<string, Template> = {
  append: (r) => {
    const { xs, setup } = listOne(r, 0, 4);
    return { setup, line: `${xs}.append(${int(r)})` };
  },
  extend: (r) => {
    const [xs, ys] = drawNames(r, 'list', 'list');
    return { setup: [`${xs} = ${pyIntList(randIntList(r, 0, 3))}`, `${ys} = ${pyIntList(randIntList(r, 1, 2))}`], line: `${xs}.extend(${ys})` };
  },
  insert: (r) => {
    const { xs, values, setup } = listOne(r, 0, 4);
    return { setup, line: `${xs}.insert(${randInt(r, 0, values.length)}, ${int(r)})` };
  },
  pop: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${xs}.pop()` };
  },
  pop_first: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${xs}.pop(0)` };
  },
  remove: (r) => {
    const { xs, values, setup } = listOne(r, 1, 5);
    return { setup, line: `${xs}.remove(${r.pick(values)})` };
  },
  index_of: (r) => {
    const { xs, values, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${xs}.index(${r.pick(values)})` };
  },
  count: (r) => {
    const [xs] = drawNames(r, 'list');
    const [n] = drawNames(r, 'int');
    return { setup: [`${xs} = ${pyIntList(randIntList(r, 1, 6, 0, 4))}`], line: `${n} = ${xs}.count(${randInt(r, 0, 4)})` };
  },
  sort: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    return { setup, line: `${xs}.sort()` };
  },
  reverse: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    return { setup, line: `${xs}.reverse()` };
  },
  sorted: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    const [ys] = drawNames(r, 'list').filter((x) => x !== xs);
    return { setup, line: `${ys ?? 'out'} = sorted(${xs})` };
  },
  reversed_slice: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    return { setup, line: `${xs} = ${xs}[::-1]` };
  },
  sum: (r) => {
    const { xs, setup } = listOne(r, 0, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = sum(${xs})` };
  },
  len: (r) => {
    const { xs, setup } = listOne(r, 0, 6);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = len(${xs})` };
  },
  max: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = max(${xs})` };
  },
  min: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = min(${xs})` };
  },
  getitem: (r) => {
    const { xs, values, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${xs}[${randInt(r, -values.length, values.length - 1)}]` };
  },
  setitem: (r) => {
    const { xs, values, setup } = listOne(r, 1, 5);
    return { setup, line: `${xs}[${randInt(r, 0, values.length - 1)}] = ${int(r)}` };
  },
  slice: (r) => {
    const { xs, values, setup } = listOne(r, 2, 5);
    const i = randInt(r, 0, values.length - 1);
    return { setup, line: `${xs} = ${xs}[${i}:${randInt(r, i, values.length)}]` };
  },
  concat: (r) => {
    const [xs, ys, zs] = drawNames(r, 'list', 'list', 'list');
    return { setup: [`${xs} = ${pyIntList(randIntList(r, 1, 3))}`, `${ys} = ${pyIntList(randIntList(r, 1, 3))}`], line: `${zs} = ${xs} + ${ys}` };
  },
  map_double: (r) => {
    const { xs, setup } = listOne(r, 1, 4);
    const v = r.pick(['v', 'x', 'n', 'e']);
    return { setup, line: `${xs} = [${v} * 2 for ${v} in ${xs}]` };
  },
  filter: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const v = r.pick(['v', 'x', 'n', 'e']);
    return { setup, line: `${xs} = [${v} for ${v} in ${xs} if ${v} ${r.pick(['>', '<'])} ${randInt(r, 3, 15)}]` };
  },
  contains: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [b] = drawNames(r, 'bool');
    return { setup, line: `${b} = ${randInt(r, 0, 20)} in ${xs}` };
  },
  print_len: (r) => {
    const { xs, setup } = listOne(r, 0, 5);
    return { setup, line: `print(len(${xs}))` };
  },
  // held out
  sum_slice: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = sum(${xs}[:${randInt(r, 1, 3)}])` };
  },
  spread: (r) => {
    const { xs, setup } = listOne(r, 1, 5);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = max(${xs}) - min(${xs})` };
  },
  sorted_desc: (r) => {
    const { xs, setup } = listOne(r, 2, 5);
    return { setup, line: `${xs} = sorted(${xs})[::-1]` };
  },
};

function dictOne(r: Rng, min = 1, max = 3): { d: string; entries: Array<[string, number]>; setup: string[] } {
  const [d] = drawNames(r, 'dict');
  const entries = randDict(r, min, max);
  return { d: d!, entries, setup: [`${d} = ${pyDict(entries)}`] };
}

const DICT: Record<string, Template> = {
  setitem: (r) => {
    const { d, setup } = dictOne(r, 0, 3);
    return { setup, line: `${d}[${pyStr(randWord(r, 1, 2, 8))}] = ${int(r)}` };
  },
  getitem: (r) => {
    const { d, entries, setup } = dictOne(r);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${d}[${pyStr(r.pick(entries)[0])}]` };
  },
  get: (r) => {
    const { d, setup } = dictOne(r);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${d}.get(${pyStr(randWord(r, 1, 1, 8))}, ${randInt(r, 0, 9)})` };
  },
  keys: (r) => {
    const { d, setup } = dictOne(r);
    const [xs] = drawNames(r, 'list');
    return { setup, line: `${xs} = list(${d}.keys())` };
  },
  values_sum: (r) => {
    const { d, setup } = dictOne(r);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = sum(${d}.values())` };
  },
  items: (r) => {
    const { d, setup } = dictOne(r, 1, 2);
    const [xs] = drawNames(r, 'list');
    return { setup, line: `${xs} = list(${d}.items())` };
  },
  len: (r) => {
    const { d, setup } = dictOne(r, 0, 4);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = len(${d})` };
  },
  pop: (r) => {
    const { d, entries, setup } = dictOne(r);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${d}.pop(${pyStr(r.pick(entries)[0])})` };
  },
  del: (r) => {
    const { d, entries, setup } = dictOne(r);
    return { setup, line: `del ${d}[${pyStr(r.pick(entries)[0])}]` };
  },
  contains: (r) => {
    const { d, setup } = dictOne(r);
    const [b] = drawNames(r, 'bool');
    return { setup, line: `${b} = ${pyStr(randWord(r, 1, 1, 8))} in ${d}` };
  },
  update: (r) => {
    const { d, setup } = dictOne(r, 0, 2);
    return { setup, line: `${d}.update(${pyDict(randDict(r, 1, 2))})` };
  },
  // held out
  get_plus: (r) => {
    const { d, setup } = dictOne(r);
    const [n] = drawNames(r, 'int');
    return { setup, line: `${n} = ${d}.get(${pyStr(randWord(r, 1, 1, 8))}, 0) + ${randInt(r, 1, 9)}` };
  },
};

const BOOL: Record<string, Template> = {
  and_or: (r) => {
    const [p, q, b] = drawNames(r, 'bool', 'bool', 'bool');
    return { setup: [`${p} = ${r.pick(['True', 'False'])}`, `${q} = ${r.pick(['True', 'False'])}`], line: `${b} = ${p} ${r.pick(['and', 'or'])} ${q}` };
  },
  not: (r) => {
    const [p, b] = drawNames(r, 'bool', 'bool');
    return { setup: [`${p} = ${r.pick(['True', 'False'])}`], line: `${b} = not ${p}` };
  },
  range_check: (r) => {
    const [x] = drawNames(r, 'int');
    const [b] = drawNames(r, 'bool');
    const lo = randInt(r, 0, 10);
    return { setup: [`${x} = ${randInt(r, 0, 20)}`], line: `${b} = ${lo} < ${x} < ${lo + randInt(r, 1, 10)}` };
  },
  ternary: (r) => {
    const [x] = drawNames(r, 'int');
    const [s] = drawNames(r, 'str');
    const [yes, no] = pickDistinct(r, ['big', 'small', 'odd', 'even', 'yes', 'no', 'hot', 'cold'], 2);
    return { setup: [`${x} = ${randInt(r, 0, 20)}`], line: `${s} = ${pyStr(yes!)} if ${x} > ${randInt(r, 0, 20)} else ${pyStr(no!)}` };
  },
};

const FAMILIES: Record<string, Record<string, Template>> = { int: INT, float: FLOAT, str: STR, list: LIST, dict: DICT, bool: BOOL };

/**
 * Templates never used for training: each composes operations that other templates train.
 * Programs of these templates form the "held-out template" split.
 */
export const SINGLELINE_HELDOUT_TEMPLATES: ReadonlySet<string> = new Set([
  'int.affine',
  'int.mod_sum',
  'float.abs_half',
  'str.reverse_upper',
  'str.len_concat',
  'list.sum_slice',
  'list.spread',
  'list.sorted_desc',
  'dict.get_plus',
]);

/** Every template id (`type.name`), held-out ones included, in a fixed order. */
export const SINGLELINE_SCALE_TEMPLATES: readonly string[] = Object.entries(FAMILIES).flatMap(([t, ts]) => Object.keys(ts).map((n) => `${t}.${n}`));

/** Salt so this generator's stream differs from the original SingleLine set with the same seed. */
const SALT = 0x5ca1e;

/** Program `i` of SingleLine at scale for `seed`: a template drawn uniformly, then its names and values. */
export function scaledSingleLineProgram(seed: number, i: number): ScaledSingleLineProgram {
  const r = itemRng((seed ^ SALT) >>> 0, i);
  const template = r.pick(SINGLELINE_SCALE_TEMPLATES);
  const [family, name] = template.split('.') as [string, string];
  const { setup, line } = FAMILIES[family]![name]!(r);
  return { source: [...setup, line].join('\n') + '\n', template, heldOutTemplate: SINGLELINE_HELDOUT_TEMPLATES.has(template) };
}

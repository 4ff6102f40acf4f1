/**
 * The kinds of small teaching programs the Tutorial-style generator writes: accumulators, loops
 * over lists and strings, if/elif chains, while loops with a counter, small functions, recursion,
 * list and dict methods. Each family draws its names and values from the program's generator and
 * returns source lines; loops run at most a handful of times so whole traces stay short.
 * Browser-safe.
 */
import type { Rng } from '@lmkit/tensor';
import type { NameDrawer } from './names.js';
import { pyDict, pyIntList, pyStr, pyStrList, randDict, randInt, randIntList, randWord } from './py-literals.js';

/** A family: lines of a program (no trailing newline), using `names` for every variable. */
export type TeachingFamily = (r: Rng, names: NameDrawer) => string[];

const I = '    ';
const cmp = (r: Rng): string => r.pick(['<', '>', '<=', '>=', '==', '!=']);
const loopVar = (names: NameDrawer): string => names.takeFrom(['x', 'v', 'n', 'item', 'e', 'num']);
const maybePrint = (r: Rng, p: number, expr: string, indent = ''): string[] => (r.next() < p ? [`${indent}print(${expr})`] : []);
const smallList = (r: Rng, min = 2, max = 3, lo = 0, hi = 12): number[] => randIntList(r, min, max, lo, hi);

/** `total = 0; for x in xs: total += x` (sum, product or a filtered sum), printing inside or after. */
const accumulate: TeachingFamily = (r, names) => {
  const xs = names.take('list');
  const acc = names.take('int');
  const x = loopVar(names);
  const op = r.pick(['+', '+', '*', '-']);
  const vals = op === '*' ? smallList(r, 2, 4, 1, 5) : smallList(r);
  const update = r.next() < 0.5 ? `${acc} ${op}= ${x}` : `${acc} = ${acc} ${op} ${x}`;
  const guarded = r.next() < 0.3;
  return [
    `${xs} = ${pyIntList(vals)}`,
    `${acc} = ${op === '*' ? 1 : 0}`,
    `for ${x} in ${xs}:`,
    ...(guarded ? [`${I}if ${x} ${cmp(r)} ${randInt(r, 2, 12)}:`, `${I}${I}${update}`] : [`${I}${update}`]),
    ...maybePrint(r, 0.3, acc, guarded ? I + I : I),
    ...maybePrint(r, 0.6, acc),
  ];
};

/** Counting elements that pass a test. */
const countIf: TeachingFamily = (r, names) => {
  const xs = names.take('list');
  const c = names.take('int');
  const x = loopVar(names);
  const test = r.pick([`${x} ${cmp(r)} ${randInt(r, 2, 12)}`, `${x} % 2 == ${randInt(r, 0, 1)}`, `${x} % 3 == 0`]);
  return [`${xs} = ${pyIntList(smallList(r, 2, 4))}`, `${c} = 0`, `for ${x} in ${xs}:`, `${I}if ${test}:`, `${I}${I}${c} += 1`, ...maybePrint(r, 0.7, c)];
};

/** Finding the largest or smallest element by hand. */
const extreme: TeachingFamily = (r, names) => {
  const xs = names.take('list');
  const best = names.take('int');
  const x = loopVar(names);
  const op = r.pick(['>', '<']);
  return [`${xs} = ${pyIntList(smallList(r, 2, 4))}`, `${best} = ${xs}[0]`, `for ${x} in ${xs}:`, `${I}if ${x} ${op} ${best}:`, `${I}${I}${best} = ${x}`, ...maybePrint(r, 0.7, best)];
};

/** Looping over a string: reversing, counting vowels, or building an upper-case copy. */
const stringLoop: TeachingFamily = (r, names) => {
  const w = names.take('str');
  const word = randWord(r, 2, 5, 12);
  const ch = names.takeFrom(['ch', 'c', 'letter']);
  const kind = r.int(3);
  if (kind === 0) {
    const out = names.take('str');
    return [`${w} = ${pyStr(word)}`, `${out} = ''`, `for ${ch} in ${w}:`, `${I}${out} = ${ch} + ${out}`, ...maybePrint(r, 0.7, out)];
  }
  if (kind === 1) {
    const n = names.take('int');
    return [`${w} = ${pyStr(word)}`, `${n} = 0`, `for ${ch} in ${w}:`, `${I}if ${ch} in 'aeiou':`, `${I}${I}${n} += 1`, ...maybePrint(r, 0.7, n)];
  }
  const out = names.take('str');
  return [`${w} = ${pyStr(word)}`, `${out} = ''`, `for ${ch} in ${w}:`, `${I}${out} += ${ch}.upper()`, ...maybePrint(r, 0.7, out)];
};

/** A while loop with a counter: halving, subtracting or counting up to a bound. */
const whileCounter: TeachingFamily = (r, names) => {
  const n = names.take('int');
  const steps = names.take('int');
  const kind = r.int(3);
  if (kind === 0) {
    return [`${n} = ${randInt(r, 2, 40)}`, `${steps} = 0`, `while ${n} > 1:`, `${I}${n} = ${n} // 2`, `${I}${steps} += 1`, ...maybePrint(r, 0.7, steps)];
  }
  if (kind === 1) {
    const k = randInt(r, 2, 6);
    return [`${n} = ${randInt(r, k, 5 * k)}`, `${steps} = 0`, `while ${n} >= ${k}:`, `${I}${n} -= ${k}`, `${I}${steps} += 1`, ...maybePrint(r, 0.7, `${steps}, ${n}`)];
  }
  const total = names.take('int');
  return [`${n} = ${randInt(r, 2, 5)}`, `${steps} = 0`, `${total} = 0`, `while ${steps} < ${n}:`, `${I}${steps} += 1`, `${I}${total} += ${steps}`, ...maybePrint(r, 0.7, total)];
};

/** An if/elif/else chain that labels a number. */
const ifElif: TeachingFamily = (r, names) => {
  const x = names.take('int');
  const label = names.take('str');
  const a = randInt(r, 1, 10);
  const b = a + randInt(r, 1, 10);
  const [l1, l2, l3] = r.shuffle(['low', 'mid', 'high', 'small', 'big', 'cold', 'warm', 'hot']).slice(0, 3);
  return [
    `${x} = ${randInt(r, 0, b + 5)}`,
    `if ${x} < ${a}:`,
    `${I}${label} = ${pyStr(l1!)}`,
    `elif ${x} < ${b}:`,
    `${I}${label} = ${pyStr(l2!)}`,
    'else:',
    `${I}${label} = ${pyStr(l3!)}`,
    ...maybePrint(r, 0.8, label),
  ];
};

/** A small function with a local variable, called once or twice. */
const smallFunction: TeachingFamily = (r, names) => {
  const f = names.take('func');
  const p = names.takeFrom(['a', 'x', 'm', 'p']);
  const q = names.takeFrom(['b', 'y', 'n', 'q']);
  const local = names.takeFrom(['t', 'r', 'tmp', 'u']);
  const res = names.take('int');
  const body = r.pick([`${p} * ${q}`, `${p} + ${q}`, `${p} - ${q}`, `${p} * 2 + ${q}`, `max(${p}, ${q})`]);
  const twice = r.next() < 0.4;
  const res2 = twice ? names.take('int') : '';
  return [
    `def ${f}(${p}, ${q}):`,
    `${I}${local} = ${body}`,
    `${I}return ${local} ${r.pick(['+', '-'])} ${randInt(r, 1, 5)}`,
    `${res} = ${f}(${randInt(r, 0, 9)}, ${randInt(r, 0, 9)})`,
    ...(twice ? [`${res2} = ${f}(${res}, ${randInt(r, 1, 5)})`] : []),
    ...maybePrint(r, 0.7, twice ? res2 : res),
  ];
};

/** A helper function applied in a loop, results appended to a list. */
const mapWithFunction: TeachingFamily = (r, names) => {
  const f = names.take('func');
  const p = names.takeFrom(['n', 'k', 'v']);
  const xs = names.take('list');
  const out = names.take('list');
  const x = loopVar(names);
  const body = r.pick([`${p} * ${p}`, `${p} + ${randInt(r, 1, 9)}`, `${p} * ${randInt(r, 2, 4)}`, `${p} % ${randInt(r, 2, 5)}`]);
  return [`def ${f}(${p}):`, `${I}return ${body}`, `${xs} = ${pyIntList(smallList(r, 2, 3, 0, 9))}`, `${out} = []`, `for ${x} in ${xs}:`, `${I}${out}.append(${f}(${x}))`, ...maybePrint(r, 0.7, out)];
};

/** Recursion: factorial, sum to n, power, or digit sum, with a small argument. */
const recursion: TeachingFamily = (r, names) => {
  const kind = r.int(4);
  const n = names.takeFrom(kind === 2 ? ['b', 'base'] : ['n', 'm', 'k']);
  const e = kind === 2 ? names.takeFrom(['e', 'exp']) : '';
  const res = names.take('int');
  if (kind === 0) {
    const f = names.takeFrom(['fact', 'factorial']);
    return [`def ${f}(${n}):`, `${I}if ${n} <= 1:`, `${I}${I}return 1`, `${I}return ${n} * ${f}(${n} - 1)`, `${res} = ${f}(${randInt(r, 1, 4)})`, ...maybePrint(r, 0.7, res)];
  }
  if (kind === 1) {
    const f = names.takeFrom(['total_to', 'sum_to', 'tri']);
    return [`def ${f}(${n}):`, `${I}if ${n} == 0:`, `${I}${I}return 0`, `${I}return ${n} + ${f}(${n} - 1)`, `${res} = ${f}(${randInt(r, 1, 4)})`, ...maybePrint(r, 0.7, res)];
  }
  if (kind === 2) {
    const f = names.takeFrom(['power', 'pw']);
    return [`def ${f}(${n}, ${e}):`, `${I}if ${e} == 0:`, `${I}${I}return 1`, `${I}return ${n} * ${f}(${n}, ${e} - 1)`, `${res} = ${f}(${randInt(r, 2, 5)}, ${randInt(r, 0, 3)})`, ...maybePrint(r, 0.7, res)];
  }
  const f = names.takeFrom(['digit_sum', 'dsum']);
  return [`def ${f}(${n}):`, `${I}if ${n} < 10:`, `${I}${I}return ${n}`, `${I}return ${n} % 10 + ${f}(${n} // 10)`, `${res} = ${f}(${randInt(r, 10, 999)})`, ...maybePrint(r, 0.7, res)];
};

/** A sequence of list method calls on one list. */
const listMethods: TeachingFamily = (r, names) => {
  const xs = names.take('list');
  const start = smallList(r, 0, 3);
  const lines = [`${xs} = ${pyIntList(start)}`];
  const cur = [...start];
  const ops = randInt(r, 2, 4);
  for (let i = 0; i < ops; i++) {
    const kind = r.int(cur.length > 0 ? 6 : 2);
    if (kind === 0) {
      const v = randInt(r, 0, 20);
      cur.push(v);
      lines.push(`${xs}.append(${v})`);
    } else if (kind === 1) {
      const v = randInt(r, 0, 20);
      const at = randInt(r, 0, cur.length);
      cur.splice(at, 0, v);
      lines.push(`${xs}.insert(${at}, ${v})`);
    } else if (kind === 2) {
      const v = names.take('int');
      cur.pop();
      lines.push(`${v} = ${xs}.pop()`);
    } else if (kind === 3) {
      cur.sort((a, b) => a - b);
      lines.push(`${xs}.sort()`);
    } else if (kind === 4) {
      cur.reverse();
      lines.push(`${xs}.reverse()`);
    } else {
      const v = r.pick(cur);
      cur.splice(cur.indexOf(v), 1);
      lines.push(`${xs}.remove(${v})`);
    }
  }
  return [...lines, ...maybePrint(r, 0.7, r.next() < 0.5 ? xs : `len(${xs})`)];
};

/** Counting letters or words with a dict. */
const dictCount: TeachingFamily = (r, names) => {
  const counts = names.take('dict');
  const ch = names.takeFrom(['ch', 'c', 'w']);
  const fromWords = r.next() < 0.3;
  const src = fromWords ? names.take('list') : names.take('str');
  const init = fromWords ? pyStrList(Array.from({ length: randInt(r, 2, 3) }, () => randWord(r, 1, 2, 3))) : pyStr(randWord(r, 2, 4, 4));
  const update = r.next() < 0.5 ? `${I}${counts}[${ch}] = ${counts}.get(${ch}, 0) + 1` : null;
  return [
    `${src} = ${init}`,
    `${counts} = {}`,
    `for ${ch} in ${src}:`,
    ...(update ? [update] : [`${I}if ${ch} in ${counts}:`, `${I}${I}${counts}[${ch}] += 1`, `${I}else:`, `${I}${I}${counts}[${ch}] = 1`]),
    ...maybePrint(r, 0.7, counts),
  ];
};

/** Dict look-ups and updates: prices, stock, a total over keys. */
const dictOps: TeachingFamily = (r, names) => {
  const d = names.take('dict');
  const entries = randDict(r, 1, 2, 1, 9);
  const total = names.take('int');
  const k = names.takeFrom(['k', 'key', 'name']);
  const newKey = randWord(r, 1, 2, 8);
  return [
    `${d} = ${pyDict(entries)}`,
    `${d}[${pyStr(newKey)}] = ${randInt(r, 1, 9)}`,
    `${total} = 0`,
    `for ${k} in ${d}:`,
    `${I}${total} += ${d}[${k}]`,
    ...maybePrint(r, 0.7, r.next() < 0.5 ? total : `${total}, len(${d})`),
  ];
};

/** `for i in range(n)` building a list or a sum. */
const rangeLoop: TeachingFamily = (r, names) => {
  const n = randInt(r, 2, 5);
  const i = names.takeFrom(['i', 'j', 'k']);
  if (r.next() < 0.5) {
    const out = names.take('list');
    return [`${out} = []`, `for ${i} in range(${n}):`, `${I}${out}.append(${r.pick([`${i} * ${i}`, `${i} * 2`, `${i} + 1`, `${i} % 2`])})`, ...maybePrint(r, 0.7, out)];
  }
  const total = names.take('int');
  const start = randInt(r, 0, 2);
  return [`${total} = 0`, `for ${i} in range(${start}, ${start + n}):`, `${I}${total} += ${r.pick([i, `${i} * ${i}`, `${i} * 2`])}`, ...maybePrint(r, 0.3, total, I), ...maybePrint(r, 0.6, total)];
};

/** Searching with enumerate and break. */
const search: TeachingFamily = (r, names) => {
  const xs = names.take('list');
  const vals = smallList(r, 2, 4, 0, 9);
  const target = r.next() < 0.7 ? r.pick(vals) : randInt(r, 0, 9);
  const pos = names.take('int');
  const i = names.takeFrom(['i', 'j', 'idx']);
  const x = loopVar(names);
  return [
    `${xs} = ${pyIntList(vals)}`,
    `${pos} = -1`,
    `for ${i}, ${x} in enumerate(${xs}):`,
    `${I}if ${x} == ${target}:`,
    `${I}${I}${pos} = ${i}`,
    `${I}${I}break`,
    ...maybePrint(r, 0.7, pos),
  ];
};

/** Printing in a loop with if/elif/else (a small fizzbuzz). */
const fizz: TeachingFamily = (r, names) => {
  const i = names.takeFrom(['i', 'n', 'k']);
  const a = randInt(r, 2, 3);
  const b = a === 2 ? 3 : randInt(r, 4, 5);
  const start = randInt(r, 1, 4);
  return [
    `for ${i} in range(${start}, ${start + randInt(r, 2, 4)}):`,
    `${I}if ${i} % ${a * b} == 0:`,
    `${I}${I}print('both')`,
    `${I}elif ${i} % ${a} == 0:`,
    `${I}${I}print(${pyStr(r.pick(['fizz', 'foo', 'ping']))})`,
    `${I}elif ${i} % ${b} == 0:`,
    `${I}${I}print(${pyStr(r.pick(['buzz', 'bar', 'pong']))})`,
    `${I}else:`,
    `${I}${I}print(${i})`,
  ];
};

/** Two numbers compared with if/else, then swapped or subtracted. */
const compareSwap: TeachingFamily = (r, names) => {
  const a = names.take('int');
  const b = names.take('int');
  if (r.next() < 0.5) {
    return [`${a} = ${randInt(r, 0, 20)}`, `${b} = ${randInt(r, 0, 20)}`, `if ${a} > ${b}:`, `${I}${a}, ${b} = ${b}, ${a}`, ...maybePrint(r, 0.7, `${a}, ${b}`)];
  }
  const d = names.take('int');
  return [`${a} = ${randInt(r, 0, 20)}`, `${b} = ${randInt(r, 0, 20)}`, `if ${a} >= ${b}:`, `${I}${d} = ${a} - ${b}`, 'else:', `${I}${d} = ${b} - ${a}`, ...maybePrint(r, 0.7, d)];
};

/** String methods step by step: split, upper, join, replace. */
const stringMethods: TeachingFamily = (r, names) => {
  const s = names.take('str');
  const words = Array.from({ length: randInt(r, 2, 3) }, () => randWord(r, 1, 4, 10));
  const parts = names.take('list');
  const out = names.take('str');
  const lines = [`${s} = ${pyStr(words.join(' '))}`, `${parts} = ${s}.split()`];
  const kind = r.int(3);
  if (kind === 0) lines.push(`${out} = ${pyStr(r.pick(['-', '+', '']))}.join(${parts})`);
  else if (kind === 1) lines.push(`${out} = ${parts}[${randInt(r, 0, words.length - 1)}].upper()`);
  else lines.push(`${out} = ${s}.replace(' ', ${pyStr(r.pick(['_', '-', '']))})`);
  return [...lines, ...maybePrint(r, 0.7, r.next() < 0.7 ? out : `len(${parts})`)];
};

/** A nested loop over two small ranges. */
const nestedLoop: TeachingFamily = (r, names) => {
  const total = names.take('int');
  const i = names.takeFrom(['i', 'a', 'x']);
  const j = names.takeFrom(['j', 'b', 'y']);
  return [`${total} = 0`, `for ${i} in range(${randInt(r, 1, 3)}):`, `${I}for ${j} in range(${randInt(r, 1, 2)}):`, `${I}${I}${total} += ${r.pick([`${i} + ${j}`, `${i} * ${j}`, '1', `${i} - ${j}`])}`, ...maybePrint(r, 0.7, total)];
};

/** Families whose traces are short (no loop, or a loop of a few steps): only these are paired with another family. */
export const SHORT_TEACHING_FAMILIES: ReadonlySet<string> = new Set(['compare_swap', 'if_elif', 'list_methods', 'recursion', 'small_function', 'string_methods']);

/** Every family by name (the name is recorded with each program). */
export const TEACHING_FAMILIES: Record<string, TeachingFamily> = {
  accumulate,
  count_if: countIf,
  extreme,
  string_loop: stringLoop,
  while_counter: whileCounter,
  if_elif: ifElif,
  small_function: smallFunction,
  map_with_function: mapWithFunction,
  recursion,
  list_methods: listMethods,
  dict_count: dictCount,
  dict_ops: dictOps,
  range_loop: rangeLoop,
  search,
  fizz,
  compare_swap: compareSwap,
  string_methods: stringMethods,
  nested_loop: nestedLoop,
};

import { describe, expect, it } from 'vitest';
import { useWarmPool } from '../../test/warm-pool.js';
import type { TraceMode } from '../sandbox/limits.js';
import { instructionLimitMessage, toTutor, type TutorFrame, type TutorStep, type TutorTrace } from './tutor.js';

const warm = useWarmPool({ size: 1 });

/** Python Tutor's JSON of `source`, as `lmkit trace run --format tutor` makes it. */
async function tutor(source: string, mode: TraceMode = 'auto', maxSteps = 1000): Promise<TutorTrace> {
  const r = await warm().trace({ source, mode, countSteps: 'tutor', fullValues: true, limits: { maxSteps } });
  return toTutor(r, source, maxSteps);
}

const frame = (over: Partial<TutorFrame>): TutorFrame => ({
  func_name: 'f',
  is_parent: false,
  frame_id: 1,
  parent_frame_id_list: [],
  encoded_locals: {},
  ordered_varnames: [],
  is_zombie: false,
  is_highlighted: true,
  unique_hash: 'f_f1',
  ...over,
});

describe('Python Tutor format: the issue\'s 8-entry table', () => {
  const SRC = 'def f(a):\n    b = a * 2\n    return b\nx = f(3)\nprint(x)\n';
  const HEAP = { 1: ['FUNCTION', 'f(a)', null] };
  const F = { f: ['REF', 1] };
  const step = (line: number, event: TutorStep['event'], func: string, globals: object, stack: TutorFrame[], stdout: string): TutorStep => ({
    line,
    event,
    func_name: func,
    globals: globals as TutorStep['globals'],
    ordered_globals: Object.keys(globals),
    stack_to_render: stack,
    heap: (Object.keys(globals).length ? HEAP : {}) as TutorStep['heap'],
    stdout,
  });
  const expected: TutorStep[] = [
    step(1, 'step_line', '<module>', {}, [], ''),
    step(4, 'step_line', '<module>', F, [], ''),
    step(1, 'call', 'f', F, [frame({ encoded_locals: { a: 3 }, ordered_varnames: ['a'] })], ''),
    step(2, 'step_line', 'f', F, [frame({ encoded_locals: { a: 3 }, ordered_varnames: ['a'] })], ''),
    step(3, 'step_line', 'f', F, [frame({ encoded_locals: { a: 3, b: 6 }, ordered_varnames: ['a', 'b'] })], ''),
    step(3, 'return', 'f', F, [frame({ encoded_locals: { a: 3, b: 6, __return__: 6 }, ordered_varnames: ['a', 'b', '__return__'] })], ''),
    step(5, 'step_line', '<module>', { ...F, x: 6 }, [], ''),
    step(5, 'return', '<module>', { ...F, x: 6 }, [], '6\n'),
  ];

  for (const mode of ['monitoring', 'settrace'] as const) {
    it(`gives pg_logger's entries one by one (${mode})`, async () => {
      const t = await tutor(SRC, mode);
      expect(t.code).toBe(SRC);
      expect(t.trace).toHaveLength(8);
      expected.forEach((want, i) => {
        const got = t.trace[i]!;
        expect([i, got.event, got.line, got.func_name]).toEqual([i, want.event, want.line, want.func_name]);
        expect(got.globals, `entry ${i} globals`).toEqual(want.globals);
        expect(got.ordered_globals, `entry ${i} ordered_globals`).toEqual(want.ordered_globals);
        expect(got.stack_to_render, `entry ${i} frames`).toEqual(want.stack_to_render);
        expect(got.heap, `entry ${i} heap`).toEqual(want.heap);
        expect(got.stdout, `entry ${i} stdout`).toBe(want.stdout);
      });
      expect(t.trace).toEqual(expected);
    });
  }
});

describe('Python Tutor format: programs', () => {
  it('aliasing: two names share one REF id, and a change through one shows under both', async () => {
    const t = await tutor('a = [1, 2]\nb = a\nb.append(3)\nc = [1, 2, 3]\n');
    const last = t.trace[t.trace.length - 1]!;
    expect(last.event).toBe('return');
    expect(last.globals).toEqual({ a: ['REF', 1], b: ['REF', 1], c: ['REF', 2] });
    expect(last.heap).toEqual({ 1: ['LIST', 1, 2, 3], 2: ['LIST', 1, 2, 3] });
    // Before line 3 ran, the shared list still had two elements.
    expect(t.trace[2]!.heap).toEqual({ 1: ['LIST', 1, 2] });
  });

  it('a class with __init__ and a method: the class body is not traced, INSTANCE attributes are sorted', async () => {
    const src = 'class P:\n    def __init__(self, x):\n        self.y = 2\n        self.x = x\n    def total(self):\n        return self.x + self.y\np = P(1)\nt = p.total()\n';
    const t = await tutor(src);
    expect(t.trace.map((s) => [s.event, s.line, s.func_name])).toEqual([
      ['step_line', 1, '<module>'],
      ['step_line', 7, '<module>'],
      ['call', 2, '__init__'],
      ['step_line', 3, '__init__'],
      ['step_line', 4, '__init__'],
      ['return', 4, '__init__'],
      ['step_line', 8, '<module>'],
      ['call', 5, 'total'],
      ['step_line', 6, 'total'],
      ['return', 6, 'total'],
      ['return', 8, '<module>'],
    ]);
    const last = t.trace[t.trace.length - 1]!;
    const p = last.globals!.p as ['REF', number];
    expect(last.heap![p[1]]).toEqual(['INSTANCE', 'P', ['x', 1], ['y', 2]]);
    const cls = last.heap![(last.globals!.P as ['REF', number])[1]]!;
    expect(cls.slice(0, 3)).toEqual(['CLASS', 'P', []]);
    expect(cls.filter((e) => Array.isArray(e) && typeof e[0] === 'string' && !e[0].startsWith('__')).map((e) => (e as string[])[0])).toEqual(['total']);
    expect(t.trace[5]!.stack_to_render![0]!.encoded_locals.__return__).toBeNull();
  });

  it('recursion: frame ids 1, 2, 3 in call order, only the top frame highlighted', async () => {
    const t = await tutor('def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\nr = fact(3)\n');
    const deepest = t.trace.find((s) => s.stack_to_render!.length === 3)!;
    expect(deepest.stack_to_render!.map((f) => [f.func_name, f.frame_id, f.is_highlighted, f.encoded_locals.n, f.unique_hash])).toEqual([
      ['fact', 1, false, 3, 'fact_f1'],
      ['fact', 2, false, 2, 'fact_f2'],
      ['fact', 3, true, 1, 'fact_f3'],
    ]);
    const returns = t.trace.filter((s) => s.event === 'return' && s.func_name === 'fact');
    expect(returns.map((s) => s.stack_to_render!.find((f) => f.is_highlighted)!.encoded_locals.__return__)).toEqual([1, 2, 6]);
    expect(t.trace[t.trace.length - 1]!.globals!.r).toBe(6);
  });

  it('a caught exception is an exception entry; an uncaught one ends the trace (no module return after it)', async () => {
    const t = await tutor('try:\n    x = 1 / 0\nexcept ZeroDivisionError:\n    x = 0\ny = int("no")\n');
    expect(t.trace.map((s) => [s.event, s.line])).toEqual([
      ['step_line', 1],
      ['step_line', 2],
      ['exception', 2],
      ['step_line', 3],
      ['step_line', 4],
      ['step_line', 5],
      ['exception', 5],
    ]);
    expect(t.trace[2]!.exception_msg).toBe('ZeroDivisionError: division by zero');
    expect(t.trace[6]!.exception_msg).toBe("ValueError: invalid literal for int() with base 10: 'no'");
    expect(t.trace[6]!.globals).toEqual({ x: 0 });
  });

  it('an exception leaving a function: exception in the callee, return with __return__ None, exception in the caller', async () => {
    const t = await tutor('def f():\n    return 1 / 0\nf()\n');
    expect(t.trace.map((s) => [s.event, s.func_name, s.line])).toEqual([
      ['step_line', '<module>', 1],
      ['step_line', '<module>', 3],
      ['call', 'f', 1],
      ['step_line', 'f', 2],
      ['exception', 'f', 2],
      ['return', 'f', 2],
      ['exception', '<module>', 3],
    ]);
    expect(t.trace[5]!.stack_to_render![0]!.encoded_locals).toEqual({ __return__: null });
  });

  it('a generator: each resume is a call with a new frame id, each yield a return with the yielded value', async () => {
    const t = await tutor('def gen(n):\n    for i in range(n):\n        yield i * 10\nit = gen(2)\na = next(it)\nb = next(it)\n');
    const gens = t.trace.filter((s) => s.func_name === 'gen');
    expect(gens.map((s) => [s.event, s.line, s.stack_to_render![0]!.frame_id])).toEqual([
      ['call', 1, 1],
      ['step_line', 2, 1],
      ['step_line', 3, 1],
      ['return', 3, 1],
      ['call', 3, 2],
      ['step_line', 2, 2],
      ['step_line', 3, 2],
      ['return', 3, 2],
    ]);
    expect(gens.filter((s) => s.event === 'return').map((s) => s.stack_to_render![0]!.encoded_locals.__return__)).toEqual([0, 10]);
    const last = t.trace[t.trace.length - 1]!;
    expect([last.globals!.a, last.globals!.b]).toEqual([0, 10]);
    expect(last.heap![(last.globals!.it as ['REF', number])[1]]).toEqual(['INSTANCE', 'generator']);
  });

  it('print inside a loop: stdout is cumulative, and a step shows what was printed before its line', async () => {
    const t = await tutor('for i in range(3):\n    print(i)\n');
    expect(t.trace.map((s) => [s.event, s.line, s.stdout])).toEqual([
      ['step_line', 1, ''],
      ['step_line', 2, ''],
      ['step_line', 1, '0\n'],
      ['step_line', 2, '0\n'],
      ['step_line', 1, '0\n1\n'],
      ['step_line', 2, '0\n1\n'],
      ['step_line', 1, '0\n1\n2\n'],
      ['return', 1, '0\n1\n2\n'],
    ]);
  });

  it('floats as pg_encoder writes them: SPECIAL_FLOAT for whole numbers, inf and nan; others rounded to 4 digits', async () => {
    const t = await tutor("a = 3.0\nb = -0.0\nc = float('inf')\nd = float('nan')\ne = 2 / 3\nf = [1.0, 0.5]\ng = 1e20\n");
    const last = t.trace[t.trace.length - 1]!;
    expect(last.globals).toEqual({
      a: ['SPECIAL_FLOAT', '3.0'],
      b: ['SPECIAL_FLOAT', '-0.0'],
      c: ['SPECIAL_FLOAT', 'Infinity'],
      d: ['SPECIAL_FLOAT', 'NaN'],
      e: 0.6667,
      f: ['REF', 1],
      g: ['SPECIAL_FLOAT', '100000000000000000000.0'],
    });
    expect(last.heap).toEqual({ 1: ['LIST', ['SPECIAL_FLOAT', '1.0'], 0.5] });
  });

  it('a 2,000-step loop is cut at 1,000 entries, then instruction_limit_reached', async () => {
    const t = await tutor('i = 0\nwhile i < 2000:\n    i += 1\n');
    expect(t.trace).toHaveLength(1001);
    expect(t.trace.slice(0, 1000).every((s) => s.event === 'step_line')).toBe(true);
    expect(t.trace[1000]).toEqual({ event: 'instruction_limit_reached', exception_msg: instructionLimitMessage(1000) });
    const short = await tutor('i = 0\nwhile i < 2000:\n    i += 1\n', 'auto', 10);
    expect(short.trace).toHaveLength(11);
  });

  it('a syntax error is one uncaught_exception entry with its line', async () => {
    const t = await tutor('x = 1\ny = (2\n');
    expect(t.trace).toEqual([
      { event: 'uncaught_exception', line: 2, offset: 5, exception_msg: "SyntaxError: '(' was never closed (<string>, line 2)" },
    ]);
  });

  it('a closure: the defining frame stays as a zombie parent, the function points at it', async () => {
    const t = await tutor('def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = make()\na = c()\n');
    const inInc = t.trace.find((s) => s.func_name === 'inc' && s.event === 'return')!;
    expect(inInc.stack_to_render!.map((f) => [f.func_name, f.frame_id, f.is_zombie, f.is_parent, f.parent_frame_id_list, f.unique_hash])).toEqual([
      ['make', 1, true, true, [], 'make_f1_p_z'],
      ['inc', 2, false, false, [1], 'inc_f2'],
    ]);
    expect(inInc.stack_to_render![0]!.encoded_locals.n).toBe(1);
    expect(inInc.stack_to_render![1]!.encoded_locals).toEqual({ __return__: 1 });
    const inc = inInc.heap![(inInc.globals!.c as ['REF', number])[1]];
    expect(inc).toEqual(['FUNCTION', 'inc()', 1]);
  });

  it('an instance with __str__ is INSTANCE_PPRINT; __repr__ frames are not traced', async () => {
    const t = await tutor('class V:\n    def __repr__(self):\n        return "V!"\nv = V()\ns = repr(v)\n');
    expect(t.trace.some((s) => s.func_name === '__repr__')).toBe(false);
    const last = t.trace[t.trace.length - 1]!;
    expect(last.heap![(last.globals!.v as ['REF', number])[1]]).toEqual(['INSTANCE_PPRINT', 'V', 'V!']);
    expect(last.globals!.s).toBe('V!');
  });

  it('gives the same JSON with sys.monitoring and sys.settrace', async () => {
    const src = 'def make():\n    n = 0\n    def inc():\n        nonlocal n\n        n += 1\n        return n\n    return inc\nc = make()\nxs = [c() for _ in range(2)]\ntry:\n    int("x")\nexcept ValueError as e:\n    m = str(e)\n';
    expect(await tutor(src, 'monitoring')).toEqual(await tutor(src, 'settrace'));
  });
});

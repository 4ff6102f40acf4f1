import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWarmPool } from '../../test/warm-pool.js';
import { ENCODER_PY, PROGRAM_IO_PY, TRACER_PY } from '../python/sources.gen.js';
import { lineSteps } from './line-steps.js';
import type { RawTraceResult } from './types.js';
import type { TraceMode } from '../sandbox/limits.js';
import type { Trace } from './types.js';

const warm = useWarmPool({ size: 1 });

async function trace(source: string, mode: TraceMode = 'auto', limits = {}): Promise<Trace> {
  const r = await warm().trace({ source, mode, limits });
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.trace;
}

const lastState = (t: Trace): Record<string, string> => t.steps[t.steps.length - 1]!.state;

describe('tracer', () => {
  it('records one step per executed line with the state after the line', async () => {
    const t = await trace("s = ['x', 'y', 'z']\nn = len(s)\ns.append('w')\n");
    expect(t.steps.map((s) => s.line)).toEqual([1, 2, 3]);
    expect(t.steps[0]!.state).toEqual({ s: "['x', 'y', 'z']" });
    expect(t.steps[1]!.state).toEqual({ s: "['x', 'y', 'z']", n: '3' });
    expect(t.steps[2]!.state).toEqual({ s: "['x', 'y', 'z', 'w']", n: '3' });
    expect(t.steps.map((s) => s.changed)).toEqual([['s'], ['n'], ['s']]);
    expect(t.events).toBe(3);
  });

  it('orders a call: callee lines first (with locals + globals), then the calling line with its result', async () => {
    const src = 'k = 10\ndef add(a, b):\n    c = a + b\n    return c * k\nr = add(1, 2)\n';
    const t = await trace(src);
    expect(t.steps.map((s) => [s.line, s.func, s.depth])).toEqual([
      [1, '<module>', 0],
      [2, '<module>', 0],
      [3, 'add', 1],
      [4, 'add', 1],
      [5, '<module>', 0],
    ]);
    expect(t.steps[3]!.state).toEqual({ k: '10', a: '1', b: '2', c: '3' });
    expect(t.steps[4]!.state).toEqual({ k: '10', r: '30' });
  });

  it('sees in-place changes of containers (flat and nested) and only reports what changed', async () => {
    const t = await trace('a = [3, 1, 2]\na.sort()\nn = [[1], [2]]\nn[0].append(3)\nc = {1: 1}\nc[1] = 5\nx = 0\n');
    expect(t.steps.map((s) => s.changed)).toEqual([['a'], ['a'], ['n'], ['n'], ['c'], ['c'], ['x']]);
    expect(t.steps[1]!.state.a).toBe('[1, 2, 3]');
    expect(t.steps[3]!.state.n).toBe('[[1, 3], [2]]');
    expect(t.steps[5]!.state.c).toBe('{1: 5}');
  });

  it('leaves out modules, functions, classes and dunder names', async () => {
    const t = await trace('import math\nclass P:\n    pass\ndef f():\n    pass\ng = lambda: 1\n__x = 1\ny = math.floor(2.5)\n');
    expect(lastState(t)).toEqual({ y: '2' });
  });

  it('renders values like repr, bounded, without running user code', async () => {
    const src = [
      "d = {'a': [1, (2,)], 'b': {3}}",
      'e = (set(), frozenset({1}), None, 1.5, -3)',
      'c = []',
      'c.append(c)',
      'class P:',
      '    def __init__(self):',
      '        self.x = 1',
      "        self.y = 'q'",
      '    def __repr__(self):',
      '        raise RuntimeError("never called")',
      'p = P()',
      'big = list(range(1000))',
      "q = 'it' + \"'\" + 's'",
      'h = 2 ** 20000',
      'n = {1: 2.5, 3: None, 4: True}',
      't1 = (7,)',
      'bigd = {i: i for i in range(100)}',
    ].join('\n');
    const s = lastState(await trace(src, 'auto', { maxValueChars: 40 }));
    expect(s.d).toBe("{'a': [1, (2,)], 'b': {3}}");
    expect(s.e).toBe('(set(), frozenset({1}), None, 1.5, -3)');
    expect(s.c).toBe('[[...]]');
    expect(s.p).toBe("P(x=1, y='q')");
    const full = `[${Array.from({ length: 1000 }, (_, i) => i).join(', ')}]`;
    expect(s.big).toBe(`${full.slice(0, 40)}...`);
    expect(s.q).toBe(`"it's"`);
    expect(s.h).toBe('<int of 20001 bits>');
    // Containers of numbers take a C-speed path; it must render exactly like the general one.
    expect(s.n).toBe('{1: 2.5, 3: None, 4: True}');
    expect(s.t1).toBe('(7,)');
    const fullD = `{${Array.from({ length: 100 }, (_, i) => `${i}: ${i}`).join(', ')}}`;
    expect(s.bigd).toBe(`${fullD.slice(0, 40)}...`);
  });

  it('records stdout so far per step', async () => {
    const t = await trace("print('a')\nx = 1\nprint('bc', end='')\n");
    expect(t.stdout).toBe('a\nbc');
    expect(t.steps.map((s) => s.stdoutEnd)).toEqual([2, 2, 4]);
  });

  it('records an uncaught exception as the final step', async () => {
    const t = await trace('def f(x):\n    return 1 / x\ny = 5\nz = f(0)\n');
    expect(t.exception).toEqual({ type: 'ZeroDivisionError', message: 'division by zero', line: 2 });
    expect(t.steps.map((s) => s.line)).toEqual([1, 3, 2, 4]);
  });

  it('sys.monitoring and sys.settrace give identical traces', async () => {
    const programs = [
      'total = 0\nfor i in range(4):\n    if i % 2:\n        continue\n    total += i\nprint(total)\n',
      'def fact(n):\n    if n <= 1:\n        return 1\n    return n * fact(n - 1)\nr = fact(5)\n',
      'def gen(n):\n    for i in range(n):\n        yield i * i\nsq = [v for v in gen(3)]\nit = iter(sq)\nfirst = next(it)\n',
      'try:\n    x = int("no")\nexcept ValueError as e:\n    msg = str(e)\nfinally:\n    done = True\n',
      'class Acc:\n    def __init__(self):\n        self.v = []\n    def add(self, x):\n        self.v.append(x)\n        return self\na = Acc().add(1).add(2)\n',
      'i = 0\nwhile True:\n    i += 1\n    if i > 3:\n        break\nw = [j for j in range(3) if j]\n',
      'def outer():\n    n = 0\n    def inner():\n        nonlocal n\n        n += 1\n    inner(); inner()\n    return n\nr = outer()\n',
      'd = {}\nfor k in "abca":\n    d[k] = d.get(k, 0) + 1\ndel d["b"]\nx = sorted(d.items())\ndel x\n',
      'a = [3, 1, 2]\nb = a\na.sort()\nb.append(9)\nc = {1: 1}\nc[2] = 2\nc[1] = 5\nn = [[1], [2]]\nn[0].append(3)\n',
      'def f(x):\n    return 1 / x\ny = f(0)\n',
      'def one(): return 1\nclass B: pass\nclass C:\n    z = one()\nv = [one() for _ in range(2)]\n',
      'def f(n):\n    return f(n + 1)\nf(0)\n',
    ];
    for (const p of programs) {
      const a = await warm().trace({ source: p, mode: 'monitoring' });
      const b = await warm().trace({ source: p, mode: 'settrace' });
      expect(a.trace?.mode).toBe('monitoring');
      expect(b.trace?.mode).toBe('settrace');
      const norm = (r: typeof a): unknown => ({ ...r, trace: { ...r.trace, mode: '-', elapsedMs: 0, cpuMs: 0 } });
      expect(norm(a)).toEqual(norm(b));
      expect(a.trace!.steps.length).toBeGreaterThan(0);
    }
  });

  it.skipIf(!existsSync('/usr/bin/python3'))('the same tracer source gives the same trace in native CPython (the benchmark baseline)', async () => {
    const src = 'def area(w, h):\n    a = w * h\n    return a\nsizes = [(2, 3), (4, 5)]\ntotal = 0\nfor w, h in sizes:\n    total += area(w, h)\nprint(total)\n';
    const dir = mkdtempSync(join(tmpdir(), 'lmkit-native-tracer-'));
    try {
      writeFileSync(join(dir, 'lmkit_io.py'), PROGRAM_IO_PY);
      writeFileSync(join(dir, 'lmkit_encoder.py'), ENCODER_PY);
      writeFileSync(join(dir, 'lmkit_tracer.py'), TRACER_PY);
      const script = `import sys, json\nsys.path.insert(0, ${JSON.stringify(dir)})\nfrom lmkit_tracer import run\nsys.stdout.write(json.dumps(run(json.loads(sys.stdin.read()))))\n`;
      const p = spawnSync('/usr/bin/python3', ['-I', '-S', '-c', script], { input: JSON.stringify({ source: src, mode: 'settrace' }), encoding: 'utf8', timeout: 30_000 });
      expect(p.status, p.stderr).toBe(0);
      const native = JSON.parse(p.stdout) as RawTraceResult;
      const ours = await trace(src, 'settrace');
      expect(lineSteps(native.stream, 100)).toEqual(ours.steps);
      expect(native.stdout).toBe('26\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('mode none runs the program untraced', async () => {
    const t = await trace('x = 1\nprint(x + 1)\n', 'none');
    expect(t.steps).toEqual([]);
    expect(t.stdout).toBe('2\n');
    // CPU time is measured only when the pool asks for it (cpuTime).
    expect(t.cpuMs).toBeUndefined();
  });
});

/**
 * Hostile programs trying to change their own recorded trace: by reaching the tracer's state
 * (classes, globals, frames, the objects it hands out), by rebinding its hooks, or by changing
 * objects after they were recorded. Each either ends as `forbidden` or leaves the trace as it
 * would be without the attempt.
 */
import { describe, expect, it } from 'vitest';
import { useWarmPool } from '../../test/warm-pool.js';
import { toTutor } from '../format/tutor.js';
import type { TraceMode } from './limits.js';

const warm = useWarmPool({ size: 1 });

async function run(source: string, mode: TraceMode = 'auto') {
  return warm().trace({ source, mode });
}

async function stdoutOf(source: string, mode: TraceMode = 'auto'): Promise<string> {
  const r = await run(source, mode);
  if (!r.ok) throw new Error(`${r.error.kind}: ${r.error.message}`);
  return r.trace.stdout;
}

async function kindOf(source: string, mode: TraceMode = 'auto'): Promise<string> {
  const r = await run(source, mode);
  return r.ok ? `ok${r.trace.exception ? ` (${r.trace.exception.type})` : ''}` : r.error.kind;
}

describe('a program cannot reach the tracer\'s state', () => {
  it('object.__subclasses__() shows only the program-facing classes, and none leads to the tracer', async () => {
    const out = await stdoutOf(
      [
        'seen, todo, ours = set(), [object], []',
        'while todo:',
        '    c = todo.pop()',
        '    if id(c) in seen:',
        '        continue',
        '    seen.add(id(c))',
        "    if str(getattr(c, '__module__', '')).startswith('lmkit'):",
        '        ours.append(c)',
        '    try:',
        '        todo.extend(type.__subclasses__(c))',
        '    except TypeError:',
        '        pass',
        'names = set()',
        'for c in ours:',
        '    for v in vars(c).values():',
        "        f = getattr(v, '__func__', v)",
        "        names.update(getattr(f, '__globals__', {}))",
        "print(sorted(c.__name__ for c in ours))",
        "print(sorted(n for n in names if n in ('new_run', '_S', 'events', 'begin', 'TRUSTED_FRAME_CALL', 'make_heap', 'restore')))",
      ].join('\n'),
      'none', // thousands of classes: untraced, the search itself is what matters
    );
    expect(out).toBe("['Blocker', 'Capture', 'MonitoringGuard', 'Stop']\n[]\n");
  });

  it('sys.stdout keeps no output to change: what was printed stays printed', async () => {
    const r = await run(
      [
        'import sys',
        "print('kept')",
        'print(sorted(vars(sys.stdout)))',
        'vars(sys.stdout).clear()',
        "print('lost: the program broke its own stdout')",
      ].join('\n'),
    );
    expect(r.trace?.stdout).toBe("kept\n['_stream']\n");
    expect(r.trace?.exception?.type).toBe('AttributeError');
  });

  it('the guards it can see are plain functions of the I/O module', async () => {
    const out = await stdoutOf(
      [
        'import sys',
        "for name in ('settrace', 'setprofile', 'gettrace', 'getprofile'):",
        '    f = getattr(sys, name)',
        "    print(name, f.__module__, sorted(k for k in f.__globals__ if not k.startswith('__')))",
      ].join('\n'),
    );
    const globals = "['Blocker', 'Capture', 'MonitoringGuard', 'Stop', 'guard_getprofile', 'guard_gettrace', 'guard_setprofile', 'guard_settrace', 'io', 'make_input', 'refuse', 'sys']";
    expect(out).toBe(['settrace', 'setprofile', 'gettrace', 'getprofile'].map((n) => `${n} lmkit_io ${globals}\n`).join(''));
  });
});

describe('a program cannot rebind the tracer\'s hooks', () => {
  it.each([
    ['sys.settrace', 'import sys\nsys.settrace(lambda *a: None)\n'],
    ['sys.gettrace', 'import sys\nt = sys.gettrace()\n'],
    ['sys.monitoring', 'import sys\nsys.monitoring.register_callback(0, 1, None)\n'],
    ['an audit hook of its own', 'import sys\nsys.addaudithook(lambda *a: None)\n'],
    ['a refusal swallowed by except BaseException', 'import sys\ntry:\n    sys.settrace(None)\nexcept BaseException:\n    pass\nx = 1\n'],
  ])('%s ends the run as forbidden', async (_name, source) => {
    expect(await kindOf(source)).toBe('forbidden');
  });

  it('setting f_trace on its own frame does not hide its lines (sys.monitoring ignores it)', async () => {
    const honest = await run('import sys\nf = sys._getframe()\nf.f_lineno\na = 1\nb = 2\n');
    const hostile = await run('import sys\nf = sys._getframe()\nf.f_trace = lambda *a: None\na = 1\nb = 2\n');
    expect(hostile.ok && honest.ok).toBe(true);
    expect(hostile.trace!.steps.map((s) => s.line)).toEqual([1, 2, 3, 4, 5]);
    expect(hostile.trace!.steps.map((s) => s.line)).toEqual(honest.trace!.steps.map((s) => s.line));
  });

  it('in settrace mode frames are refused (their f_trace is the tracer\'s)', async () => {
    expect(await kindOf('import sys\nf = sys._getframe()\n', 'settrace')).toBe('forbidden');
    expect(await kindOf('import sys\nf = sys._getframe()\n', 'monitoring')).toBe('ok');
  });
});

describe('a program cannot take the tracer\'s frames', () => {
  it('walking f_back from its own frame ends at the starter, below which there is nothing', async () => {
    const out = await stdoutOf(
      'import sys\ndef chain():\n    f, names = sys._getframe(), []\n    while f is not None:\n        names.append((f.f_code.co_filename, f.f_code.co_name))\n        f = f.f_back\n    return names\nprint(chain())\n',
    );
    expect(out).toBe("[('<program>', 'chain'), ('<program>', '<module>'), ('lmkit_start', 'start')]\n");
  });

  it('code the tracer calls (a __str__ it shows) cannot take a frame: the frame below it is the tracer\'s', async () => {
    const src = (body: string) => `class E:\n    def __str__(self):\n${body}\n        return 'e'\ne = E()\nx = 1\n`;
    expect(await kindOf(src('        import sys\n        sys._getframe(1).f_locals'))).toBe('forbidden');
    expect(await kindOf(src('        try:\n            1 / 0\n        except ZeroDivisionError as ex:\n            ex.__traceback__.tb_frame'))).toBe('forbidden');
  });

  it('generator frames (whose caller changes each time they resume) cannot be taken', async () => {
    expect(await kindOf('def g():\n    yield 1\nit = g()\nf = it.gi_frame\n')).toBe('forbidden');
    expect(await kindOf('import sys\ndef g():\n    yield sys._getframe()\nf = next(g())\n')).toBe('forbidden');
  });

  it('a plain program still gets its own frames and tracebacks', async () => {
    const out = await stdoutOf(
      'import sys, traceback\ndef f():\n    return sys._getframe().f_code.co_name\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    t = e.__traceback__.tb_frame.f_code.co_name\nprint(f(), t)\n',
    );
    expect(out).toBe('f <module>\n');
  });
});

describe('recorded values are copies', () => {
  it('changing an object after a step leaves that step as it was', async () => {
    const r = await run('a = [1]\nb = a\na.append(2)\nb.clear()\nd = {"k": a}\nd["k"] = 0\n');
    expect(r.ok).toBe(true);
    const steps = r.trace!.steps;
    expect(steps.map((s) => s.state.a)).toEqual(['[1]', '[1]', '[1, 2]', '[]', '[]', '[]']);
    expect(steps.map((s) => s.state.d ?? null)).toEqual([null, null, null, null, "{'k': []}", "{'k': 0}"]);
    const tutor = toTutor(r, 'x').trace;
    expect(tutor.map((e) => (e.globals?.a ? e.heap![(e.globals.a as ['REF', number])[1]] : null))).toEqual([
      null,
      ['LIST', 1],
      ['LIST', 1],
      ['LIST', 1, 2],
      ['LIST'],
      ['LIST'],
      ['LIST'],
    ]);
  });
});

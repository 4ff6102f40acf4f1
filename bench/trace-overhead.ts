/**
 * Tracing overhead: traced ÷ untraced CPU time of the same tight loops, in Pyodide (the warm sandbox
 * worker) and for the same tracer modules in native CPython (Debian's /usr/bin/python3 by default).
 * Goal (issue 16): Pyodide's ratio ≤ 1.5× CPython's ratio.
 *
 * CPU time of the thread running the program's `exec` (Pyodide: the worker thread's
 * /proc/thread-self/schedstat, pool option `cpuTime`; CPython: time.thread_time()), fastest of N
 * runs with the modes interleaved, minus the same for an empty program (the measurement's own cost)
 * — wall time on a shared, loaded machine measures the scheduler, not the tracer.
 * CPython before 3.12 has no sys.monitoring: there the traced mode is sys.settrace, which this
 * bench then compares with both of Pyodide's modes. `count` is the bare hook (settrace, counting
 * line events, recording nothing): the floor any line tracer pays.
 *
 *   npx tsx --conditions @lmkit/source bench/trace-overhead.ts [--reps 5] [--python /path/to/python3 …] [--end-to-end]
 */
import { TracerPool } from '@lmkit/trace/node';
import { loadavg } from 'node:os';
import { spawn } from 'node:child_process';
import { argFlag, fmt, nativePython, programSets, writeNativeRunner } from './trace-common.js';

/** Subtracted from every time: the CPU time measured around an empty program. */
const EMPTY = 'pass\n';
const PROGRAMS: Record<string, string> = {
  loop: 'total = 0\nfor i in range(50000):\n    x = i * 3 % 7\n    total += x\n',
  calls: 'def f(x):\n    y = x * 2\n    return y + 1\ntotal = 0\nfor i in range(20000):\n    total += f(i)\n',
  recursion: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nfor _ in range(60):\n    r = fib(12)\n',
  lists: "words = []\nfor i in range(3000):\n    w = 'w' + str(i % 97)\n    if w not in words:\n        words.append(w)\ns = sorted(words)[:5]\n",
};
type Mode = 'none' | 'monitoring' | 'settrace' | 'count';
const argv = process.argv.slice(2);
const REPS = Number(argFlag('--reps') ?? 5);
const extraPythons = argv.flatMap((a, i) => (a === '--python' && argv[i + 1] ? [argv[i + 1]!] : []));
const limits = { maxSteps: 1e9, timeoutMs: 3_600_000, maxOutputBytes: 1 << 20 };

/** Fastest CPU time (ms) of each program × mode in the Pyodide worker; the modes take turns. */
async function pyodideTimes(pool: TracerPool, modes: Mode[]): Promise<Record<string, Record<Mode, number>>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [name, source] of Object.entries({ empty: EMPTY, ...PROGRAMS })) {
    out[name] = {};
    // Untraced runs are short (a few ms, ~0.3 ms of it the measurement's own): more of them.
    for (let r = 0; r < 4 * REPS; r++) {
      for (const mode of r < REPS ? modes : modes.filter((m) => m === 'none')) {
        // 'count' is internal (the bench floor), not a public TraceMode.
        const res = await pool.trace({ source, mode: mode as 'none', limits });
        if (!res.ok) throw new Error(`${name}/${mode}: ${res.error.kind}: ${res.error.message}`);
        const cpu = res.trace.cpuMs;
        if (cpu === undefined) throw new Error('this platform gives no thread CPU time (Linux /proc/thread-self/schedstat)');
        out[name]![mode] = Math.min(out[name]![mode] ?? Number.POSITIVE_INFINITY, cpu);
      }
    }
  }
  return out as Record<string, Record<Mode, number>>;
}

/** The same for a native interpreter: one process runs every program × mode `REPS` times, interleaved. */
function nativeTimes(python: string, runner: string, modes: Mode[]): Promise<{ version: string; times: Record<string, Partial<Record<Mode, number>>> }> {
  const all: Record<string, string> = { empty: EMPTY, ...PROGRAMS };
  const names = Object.keys(all);
  const requests = names.flatMap((n) => modes.map((mode) => ({ source: all[n], mode, maxSteps: 1e9, maxOutputBytes: 1 << 20 })));
  return new Promise((resolve, reject) => {
    const child = spawn(python, ['-I', '-S', '-c', `import sys; sys.stdout.write(sys.version.split()[0] + '\\n'); sys.stdout.flush(); exec(open(${JSON.stringify(runner)}).read())`], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let text = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${python} exited with ${code}`));
      const [version, json] = [text.slice(0, text.indexOf('\n')), text.slice(text.indexOf('\n') + 1)];
      const best = JSON.parse(json) as Array<{ ok: boolean; cpu: number; events: number }>;
      const times: Record<string, Partial<Record<Mode, number>>> = {};
      best.forEach((b, i) => {
        const name = names[Math.floor(i / modes.length)]!;
        const mode = modes[i % modes.length]!;
        if (!b.ok) return reject(new Error(`${python} ${name}/${mode} failed`));
        (times[name] ??= {})[mode] = b.cpu * 1000;
      });
      resolve({ version, times });
    });
    child.stdin.end(JSON.stringify({ requests, reps: REPS }));
  });
}

const load = (): string => loadavg().map((x) => x.toFixed(1)).join(' ');
const runner = writeNativeRunner();
const debian = nativePython();
const pool = new TracerPool({ size: 1, limits, cpuTime: true });
await pool.ready();
await pool.trace({ source: PROGRAMS.loop!, mode: 'monitoring', limits });

console.log(`tracing overhead: traced ÷ untraced CPU time of the program's exec, fastest of ${REPS}; load average at start ${load()}`);
const py = await pyodideTimes(pool, ['none', 'monitoring', 'settrace', 'count']);
console.log(`(an empty program measures ${fmt(py.empty!.none, 3)} ms in Pyodide: subtracted from every time)`);
const natives = [{ path: debian.path, note: debian.note }, ...extraPythons.map((p) => ({ path: p, note: p }))];
for (const n of natives) {
  const probe = await nativeTimes(n.path, runner, ['none']).catch((e: Error) => e);
  if (probe instanceof Error) {
    console.log(`${n.note}: cannot run the tracer (${probe.message})`);
    continue;
  }
  const [maj, min] = probe.version.split('.').map(Number) as [number, number];
  const hasMonitoring = maj > 3 || (maj === 3 && min >= 12);
  const modes: Mode[] = hasMonitoring ? ['none', 'monitoring', 'settrace', 'count'] : ['none', 'settrace', 'count'];
  const nt = await nativeTimes(n.path, runner, modes);
  console.log(`\nPyodide (Python 3.14, worker) vs ${n.note} (Python ${nt.version}${hasMonitoring ? '' : ', no sys.monitoring: its traced mode is sys.settrace'}):`);
  const net = <T extends Partial<Record<Mode, number>>>(t: T, empty: T): T =>
    Object.fromEntries(Object.entries(t).map(([m, v]) => [m, Math.max(1e-3, v! - (empty[m as Mode] ?? 0))])) as T;
  for (const name of Object.keys(PROGRAMS)) {
    const p = net(py[name]!, py.empty!);
    const c = net(nt.times[name]!, nt.times.empty!);
    const anchor = c.monitoring ?? c.settrace!;
    const pr = (m: Mode): number => p[m] / p.none;
    const cr = (m: Mode): number => c[m]! / c.none!;
    const cParts = [`settrace ${fmt(cr('settrace'))}×`, `hook only ${fmt(cr('count'))}×`];
    if (c.monitoring !== undefined) cParts.unshift(`monitoring ${fmt(cr('monitoring'))}×`);
    console.log(
      `${name.padEnd(6)} Pyodide: untraced ${fmt(p.none, 1)} ms, monitoring ${fmt(pr('monitoring'))}×, settrace ${fmt(pr('settrace'))}×, hook only ${fmt(pr('count'))}×` +
        ` | CPython: untraced ${fmt(c.none!, 1)} ms, ${cParts.join(', ')}` +
        ` | Pyodide ÷ CPython ratio: monitoring ${fmt(pr('monitoring') / (anchor / c.none!))}, settrace ${fmt(pr('settrace') / cr('settrace'))} (goal ≤ 1.5)`,
    );
  }
}

if (argv.includes('--end-to-end')) {
  // What a dataset build pays per program: pool.trace wall time, traced vs untraced (fixed costs included).
  const sets = await programSets(100);
  console.log('\nend to end per dataset program (pool.trace wall time, sequential):');
  for (const [name, programs] of Object.entries(sets)) {
    const wall = async (mode: 'none' | 'auto'): Promise<number> => {
      const t = performance.now();
      for (const p of programs) await pool.trace({ source: p, mode });
      return performance.now() - t;
    };
    await wall('auto');
    const u = await wall('none');
    const tr = await wall('auto');
    console.log(`${name.padEnd(10)} untraced ${fmt(u / programs.length, 1)} ms  traced ${fmt(tr / programs.length, 1)} ms  ratio ${fmt(tr / u)}×`);
  }
}
console.log(`\nload average at end ${load()}`);
await pool.close();

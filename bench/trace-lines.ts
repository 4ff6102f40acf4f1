/**
 * Line events per second of the tracer with full state recording: Pyodide (in the warm sandbox
 * worker, both hooks) against the same tracer source in Debian's CPython (`/usr/bin/python3`,
 * sys.settrace). Time is measured inside Python around the program's exec. Target: ≥ 0.35×.
 *
 *   npx tsx --conditions @lmkit/source bench/trace-lines.ts [--n 20000]
 */
import { TracerPool } from '@lmkit/trace/node';
import { fmt, nativePython, runNative, writeNativeRunner } from './trace-common.js';

const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 20_000;
const REPS = 3;
/** A loop with ints, a growing list and a dict: every line changes some state. */
const PROGRAM = `total = 0
seen = []
counts = {}
for i in range(${N}):
    x = i * 3 % 7
    total += x
    counts[x] = counts.get(x, 0) + 1
    if i % 50 == 0:
        seen.append(i)
`;
const limits = { maxSteps: 1e9, timeoutMs: 600_000, maxOutputBytes: 1 << 20 };

const pool = new TracerPool({ size: 1 });
await pool.ready();
const py = nativePython();
const runner = writeNativeRunner();

async function pyodideRate(mode: 'monitoring' | 'settrace'): Promise<number> {
  let best = 0;
  for (let r = 0; r < REPS; r++) {
    const res = await pool.trace({ source: PROGRAM, mode, limits });
    if (!res.ok) throw new Error(`${res.error.kind}: ${res.error.message}`);
    best = Math.max(best, res.trace.events / (res.trace.elapsedMs! / 1000));
  }
  return best;
}

async function nativeRate(): Promise<{ rate: number; events: number }> {
  let best = 0;
  let events = 0;
  for (let r = 0; r < REPS; r++) {
    const res = await runNative(py.path, runner, { source: PROGRAM, mode: 'settrace', ...limits }, 600_000);
    if (!res.result) throw new Error('native run failed');
    events = res.result.events as number;
    best = Math.max(best, events / (res.result.elapsed as number));
  }
  return { rate: best, events };
}

console.log(`tracer line events/s, ${N}-iteration loop, best of ${REPS}; native = ${py.note}`);
console.log('(the machine is shared and loaded: absolute numbers are noisy, the ratios are measured in one run)');
const native = await nativeRate();
const mon = await pyodideRate('monitoring');
const st = await pyodideRate('settrace');
console.log(`native CPython settrace   ${fmt(native.rate / 1e3, 0)}k events/s (${native.events} events)`);
console.log(`Pyodide sys.monitoring    ${fmt(mon / 1e3, 0)}k events/s  ratio ${fmt(mon / native.rate)}× (target ≥ 0.35×)`);
console.log(`Pyodide sys.settrace      ${fmt(st / 1e3, 0)}k events/s  ratio ${fmt(st / native.rate)}× (target ≥ 0.35×)`);
await pool.close();

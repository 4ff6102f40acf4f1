/**
 * Programs traced per second: the warm @lmkit/trace worker pool against the usual sandboxed way,
 * one native CPython process per program running the same tracer source with a timeout. Same
 * programs (SingleLine + Tutorial sets), same concurrency (the pool size). Target: ≥ 3×.
 *
 * Also printed: the pool's programs per CPU second (the whole process's CPU time, workers included,
 * fastest of --reps passes), the figure that stays comparable between runs on a shared, loaded
 * machine; `--pool-only` skips the native side (before/after comparisons of the pool).
 *
 *   npx tsx --conditions @lmkit/source bench/trace-throughput.ts [--n 200] [--reps 1] [--pool-only]
 */
import { availableParallelism, loadavg } from 'node:os';
import { TracerPool } from '@lmkit/trace/node';
import { fmt, mapLimit, nativePython, programSets, runNative, writeNativeRunner } from './trace-common.js';

const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 200;
const repsArg = process.argv.indexOf('--reps');
const REPS = repsArg > 0 ? Number(process.argv[repsArg + 1]) : 1;
const poolOnly = process.argv.includes('--pool-only');
const size = availableParallelism();
const TIMEOUT = 5_000;

const sets = await programSets(N);
const py = nativePython();
const runner = writeNativeRunner();
const pool = new TracerPool({ size, limits: { timeoutMs: TIMEOUT } });
await pool.ready();
// Warm-up: a few programs on every worker.
await Promise.all(sets.singleline.slice(0, 2 * size).map((s) => pool.trace(s)));

console.log(`tracer throughput — ${size} workers / ${size} native processes at a time; native = ${py.note}`);
console.log(`(the machine is shared: wall-clock rates are noisy, the ratio is measured in one run; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
for (const [name, programs] of Object.entries(sets)) {
  let poolSec = Number.POSITIVE_INFINITY;
  let cpuSec = Number.POSITIVE_INFINITY;
  let pr: Awaited<ReturnType<typeof pool.trace>>[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    pr = await Promise.all(programs.map((s) => pool.trace(s)));
    const c = process.cpuUsage(c0);
    poolSec = Math.min(poolSec, (performance.now() - t0) / 1000);
    cpuSec = Math.min(cpuSec, (c.user + c.system) / 1e6);
  }
  const okPool = pr.filter((r) => r.ok).length;
  const cpuRate = `${fmt(programs.length / cpuSec, 1)} programs per CPU second`;
  if (poolOnly) {
    console.log(`${name.padEnd(10)} n=${programs.length}  pool ${fmt(programs.length / poolSec, 1)} programs/s, ${cpuRate} (ok ${okPool})`);
    continue;
  }
  const t = performance.now();
  const nr = await mapLimit(programs, size, (s) => runNative(py.path, runner, { source: s, mode: 'settrace' }, TIMEOUT));
  const nativeSec = (performance.now() - t) / 1000;
  const poolRate = programs.length / poolSec;
  const nativeRate = programs.length / nativeSec;
  const okNative = nr.filter((r) => r.ok && r.result?.ok).length;
  console.log(
    `${name.padEnd(10)} n=${programs.length}  pool ${fmt(poolRate, 1)} programs/s, ${cpuRate} (ok ${okPool})  native ${fmt(nativeRate, 1)} programs/s (ok ${okNative})  ratio ${fmt(poolRate / nativeRate)}× (target ≥ 3×)`,
  );
}
await pool.close();

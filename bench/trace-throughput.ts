/**
 * Programs traced per second: the warm @lmkit/trace worker pool against the usual sandboxed way,
 * one native CPython process per program running the same tracer source with a timeout. Same
 * programs (SingleLine + Tutorial sets), same concurrency (the pool size). Target: ≥ 3×.
 *
 *   npx tsx --conditions @lmkit/source bench/trace-throughput.ts [--n 200]
 */
import { availableParallelism } from 'node:os';
import { TracerPool } from '@lmkit/trace/node';
import { fmt, mapLimit, nativePython, programSets, runNative, writeNativeRunner } from './trace-common.js';

const nArg = process.argv.indexOf('--n');
const N = nArg > 0 ? Number(process.argv[nArg + 1]) : 200;
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
console.log('(the machine is shared and loaded: absolute numbers are noisy, the ratio is measured in one run)');
for (const [name, programs] of Object.entries(sets)) {
  let t = performance.now();
  const pr = await Promise.all(programs.map((s) => pool.trace(s)));
  const poolSec = (performance.now() - t) / 1000;
  t = performance.now();
  const nr = await mapLimit(programs, size, (s) => runNative(py.path, runner, { source: s, mode: 'settrace' }, TIMEOUT));
  const nativeSec = (performance.now() - t) / 1000;
  const poolRate = programs.length / poolSec;
  const nativeRate = programs.length / nativeSec;
  const okPool = pr.filter((r) => r.ok).length;
  const okNative = nr.filter((r) => r.ok && r.result?.ok).length;
  console.log(
    `${name.padEnd(10)} n=${programs.length}  pool ${fmt(poolRate, 1)} programs/s (ok ${okPool})  native ${fmt(nativeRate, 1)} programs/s (ok ${okNative})  ratio ${fmt(poolRate / nativeRate)}× (target ≥ 3×)`,
  );
}
await pool.close();

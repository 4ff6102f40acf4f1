/**
 * Tracing overhead in Pyodide: the same programs traced (full state recording) and untraced in the
 * warm sandbox worker; time measured inside Python around exec. Target: traced ≤ 6× untraced.
 *
 *   npx tsx --conditions @lmkit/source bench/trace-overhead.ts
 */
import { TracerPool } from '@lmkit/trace/node';
import { fmt } from './trace-common.js';

const PROGRAMS: Record<string, string> = {
  loop: 'total = 0\nfor i in range(20000):\n    x = i * 3 % 7\n    total += x\n',
  calls: 'def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\nr = fib(17)\n',
  lists: "words = []\nfor i in range(3000):\n    w = 'w' + str(i % 97)\n    if w not in words:\n        words.append(w)\ns = sorted(words)[:5]\n",
};
const REPS = 3;
const limits = { maxSteps: 1e9, timeoutMs: 600_000 };
const pool = new TracerPool({ size: 1 });
await pool.ready();

async function best(source: string, mode: 'none' | 'monitoring' | 'settrace' | 'count'): Promise<number> {
  let b = Number.POSITIVE_INFINITY;
  for (let r = 0; r < REPS; r++) {
    // 'count' (internal): the settrace hook alone, counting events — the floor any line tracer pays.
    const res = await pool.trace({ source, mode: mode as 'none', limits });
    if (!res.ok) throw new Error(`${res.error.kind}: ${res.error.message}`);
    b = Math.min(b, res.trace.elapsedMs!);
  }
  return b;
}

console.log(`tracing overhead in Pyodide (best of ${REPS}; the machine is shared and loaded, ratios are within one run)`);
for (const [name, src] of Object.entries(PROGRAMS)) {
  const plain = await best(src, 'none');
  const mon = await best(src, 'monitoring');
  const st = await best(src, 'settrace');
  const floor = await best(src, 'count');
  console.log(
    `${name.padEnd(6)} untraced ${fmt(plain, 1)} ms  monitoring ${fmt(mon, 1)} ms (${fmt(mon / plain)}×)  settrace ${fmt(st, 1)} ms (${fmt(st / plain)}×)  hook-only floor ${fmt(floor / plain)}×  target ≤ 6×`,
  );
}
// End to end per program (what a dataset build pays): pool.trace wall time, traced vs untraced.
const { programSets } = await import('./trace-common.js');
const sets = await programSets(100);
for (const [name, programs] of Object.entries(sets)) {
  const wall = async (mode: 'none' | 'auto'): Promise<number> => {
    const t = performance.now();
    for (const p of programs) await pool.trace({ source: p, mode });
    return performance.now() - t;
  };
  await wall('auto');
  const u = await wall('none');
  const tr = await wall('auto');
  console.log(`${name.padEnd(10)} end to end per program: untraced ${fmt(u / programs.length, 1)} ms  traced ${fmt(tr / programs.length, 1)} ms  ratio ${fmt(tr / u)}×  target ≤ 6×`);
}
await pool.close();

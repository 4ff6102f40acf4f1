/**
 * Vector stores at a million vectors: LanceDB (IVF-PQ on disk) vs hnswlib-node (HNSW in memory) vs
 * exact search (all queries × all vectors as blocked matrix products on tfjs-wasm, then top-k).
 * For each: build time, queries/s at recall@20 ≥ 0.9 (recall against the exact top 20), peak
 * resident memory (RSS) of the build and of a fresh query process, and bytes on disk. Each store is
 * built and queried in its own child process so RSS is its own.
 *
 * The data (bench/picl-common.ts): about 120,000 real units (State of the Union and Moby Dick
 * sentences, WordNet glosses) embedded with the package's mean-GloVe 100-d encoder; the rest of the
 * million is SYNTHESISED by jittering them: row i = normalise(real vector (i mod R) + N(0, σ²) per
 * dimension), σ = 0.03 (noise of norm ≈ 0.3 against unit vectors). Queries: held-out real units.
 * Query rates are given per CPU second of the child (all its threads) and per wall second.
 *
 *   nice -n 15 npx tsx --conditions @lmkit/source bench/picl-store.ts [--vectors 1000000] [--queries 1000] [--work DIR] [--stores exact,hnsw,lancedb] [--reuse]
 *
 * `--reuse` keeps the data and the results saved in DIR by an earlier run and (re)runs only `--stores`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend } from '@lmkit/tensor';
import { exactSearchBatch, recallAtK, type IndexHit } from '@lmkit/picl';
import { HnswIndex, LANCE_DEFAULTS, LanceStore } from '@lmkit/picl/node';
import { cpuSeconds, jitteredRows, loadLine, realVectors, rowsOf as rowViews } from './picl-common.js';

const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const N = Number(arg('vectors', '1000000'));
const Q = Number(arg('queries', '1000'));
const WORK = arg('work', join(tmpdir(), 'lmkit-bench-picl-store'));
const K = 20;
const DIM = 100;
const SIGMA = 0.03;
const SELF = fileURLToPath(import.meta.url);
const now = (): number => performance.now();
const rssMB = (): number => process.resourceUsage().maxRSS / 1024;

/** Reads rows `from … to` of a row-major float32 file. */
function readRows(file: string, from: number, to: number): Float32Array {
  const out = new Float32Array((to - from) * DIM);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, new Uint8Array(out.buffer), 0, out.byteLength, from * DIM * 4);
  } finally {
    closeSync(fd);
  }
  return out;
}
const rowsOf = (flat: Float32Array): Float32Array[] => rowViews(flat, DIM);
/** Resident memory now (after the work, what the store keeps), MiB. */
const rssNowMB = (): number => process.memoryUsage().rss / 2 ** 20;
const duBytes = (path: string): number => Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);

// ---------------------------------------------------------------------------------------------
// Child phases: `--phase build|query --store exact|hnsw|lancedb`; each prints one JSON line.
const phase = arg('phase', '');
const store = arg('store', '');
const vectorsFile = join(WORK, 'vectors.f32');
const queries = (): Float32Array[] => rowsOf(new Float32Array(readFileSync(join(WORK, 'queries.f32')).buffer.slice(0)));
const truth = (): IndexHit[][] => JSON.parse(readFileSync(join(WORK, 'truth.json'), 'utf8')) as IndexHit[][];

/** Queries per wall second and per CPU second, and recall@20, of `search` over all queries. */
async function sweepPoint(search: (qs: Float32Array[]) => Promise<IndexHit[][]> | IndexHit[][], qs: Float32Array[], t: IndexHit[][]) {
  const t0 = now();
  const c0 = cpuSeconds();
  const got = await search(qs);
  const s = (now() - t0) / 1000;
  return { recall: recallAtK(got, t), qps: qs.length / s, qpCpuS: qs.length / (cpuSeconds() - c0) };
}

async function buildPhase(): Promise<Record<string, unknown>> {
  const t0 = now();
  const c0 = cpuSeconds();
  const done = () => ({ buildS: (now() - t0) / 1000, buildCpuS: cpuSeconds() - c0, buildRssMB: rssMB(), load: loadLine() });
  if (store === 'exact') {
    const m = readRows(vectorsFile, 0, N); // exact search keeps every vector in memory
    return { ...done(), diskBytes: m.byteLength };
  }
  if (store === 'hnsw') {
    const index = new HnswIndex(DIM, {}, N);
    for (let i = 0; i < N; i += 50_000) index.add(rowsOf(readRows(vectorsFile, i, Math.min(N, i + 50_000))));
    const built = done();
    const graph = index.graphBytes();
    writeFileSync(join(WORK, 'hnsw.graph'), graph);
    // Our index file holds the vectors and hnswlib's graph.
    return { ...built, diskBytes: graph.byteLength + N * DIM * 4, params: index.options };
  }
  rmSync(join(WORK, 'lance'), { recursive: true, force: true });
  const lance = await LanceStore.open(join(WORK, 'lance'), DIM, { create: true });
  for (let i = 0; i < N; i += 50_000) await lance.add(rowsOf(readRows(vectorsFile, i, Math.min(N, i + 50_000))));
  const addS = (now() - t0) / 1000;
  await lance.createIndex();
  const built = done();
  lance.close();
  return { ...built, addS, diskBytes: duBytes(join(WORK, 'lance')), params: LANCE_DEFAULTS };
}

async function queryPhase(): Promise<Record<string, unknown>> {
  const qs = queries();
  if (store === 'exact') {
    await initBackend({ backend: 'wasm' });
    const m = readRows(vectorsFile, 0, N);
    let hits: IndexHit[][] = [];
    const point = await sweepPoint((x) => (hits = exactSearchBatch(x, m, DIM, K)), qs, []);
    writeFileSync(join(WORK, 'truth.json'), JSON.stringify(hits));
    return { sweep: [{ setting: 'batched tfjs-wasm', ...point, recall: 1 }], queryRssMB: rssMB(), rssNowMB: rssNowMB(), load: loadLine() };
  }
  const t = truth();
  const sweep: { setting: string; recall: number; qps: number; qpCpuS: number }[] = [];
  if (store === 'hnsw') {
    const index = HnswIndex.restore(DIM, {}, readRows(vectorsFile, 0, N), readFileSync(join(WORK, 'hnsw.graph')));
    for (const ef of [20, 40, 64, 128, 256]) {
      (index.options as { ef: number }).ef = ef;
      sweep.push({ setting: `ef=${ef}`, ...(await sweepPoint((x) => x.map((q) => index.search(q, K)), qs, t)) });
    }
    return { sweep, queryRssMB: rssMB(), rssNowMB: rssNowMB(), load: loadLine() };
  }
  const lance = await LanceStore.open(join(WORK, 'lance'), DIM);
  // Probes as a share of the partitions (√rows of them: 1,000 at a million rows); 0.15 is the default.
  for (const probeFraction of [0.05, 0.1, 0.15, 0.25]) {
    for (const refineFactor of probeFraction === 0.15 ? [2, 10] : [10]) {
      Object.assign(lance.options, { nprobes: undefined, minProbes: 8, probeFraction, refineFactor });
      sweep.push({ setting: `probes=${probeFraction} refine=${refineFactor}`, ...(await sweepPoint((x) => lance.searchMany(x, K), qs, t)) });
    }
  }
  const rssNow = rssNowMB();
  lance.close();
  return { sweep, queryRssMB: rssMB(), rssNowMB: rssNow, load: loadLine() };
}

if (phase) {
  const result = phase === 'build' ? await buildPhase() : await queryPhase();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Main: make the data, run every phase in a child, print the table.
console.log(`machine: ${cpus().length} cores, ${loadLine()} (1/5/15 min) at the start; niced`);
mkdirSync(WORK, { recursive: true });
let t0 = now();
// --reuse: keep the vectors, queries and results of an earlier run in WORK (same --vectors) and run only --stores.
const REUSE = process.argv.includes('--reuse') && existsSync(join(WORK, 'queries.f32')) && existsSync(vectorsFile) && statSync(vectorsFile).size === N * DIM * 4;
if (!REUSE) {
  const real = realVectors(Q);
  const fd = openSync(vectorsFile, 'w');
  const chunk = new Float32Array(10_000 * DIM);
  for (let i = 0; i < N; i += 10_000) {
    const rows = Math.min(10_000, N - i);
    writeSync(fd, new Uint8Array(jitteredRows(real, i, rows, SIGMA, chunk).buffer, 0, rows * DIM * 4));
  }
  closeSync(fd);
  const qflat = new Float32Array(real.queries.length * DIM);
  real.queries.forEach((v, i) => qflat.set(v, i * DIM));
  writeFileSync(join(WORK, 'queries.f32'), qflat);
  for (const s of ['exact', 'hnsw', 'lancedb']) rmSync(join(WORK, `result-${s}.json`), { force: true });
  console.log(`data: ${real.count.toLocaleString('en')} real unit vectors (mean GloVe 100-d)${N > real.count ? ` jittered to ${N.toLocaleString('en')} (σ = ${SIGMA}; rows past ${real.count.toLocaleString('en')} are synthetic)` : ''}; ${real.queries.length} held-out real queries (${((now() - t0) / 1000).toFixed(0)} s)`);
} else console.log(`data: reusing ${vectorsFile}`);
const queryCount = statSync(join(WORK, 'queries.f32')).size / (DIM * 4);

function child(args: string[]): Record<string, unknown> {
  t0 = now();
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--vectors', String(N), '--queries', String(Q), '--work', WORK, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed with ${r.status}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  console.log(`  ${args.join(' ')}: ${((now() - t0) / 1000).toFixed(0)} s ${JSON.stringify(out)}`);
  return out;
}
const results: Record<string, Record<string, unknown>> = {};
// exact first: its query phase writes the ground truth the others are scored against.
const wanted = arg('stores', 'exact,hnsw,lancedb').split(',');
for (const s of ['exact', 'hnsw', 'lancedb']) {
  const saved = join(WORK, `result-${s}.json`);
  if (wanted.includes(s) || (s === 'exact' && !existsSync(saved))) {
    const build = child(['--phase', 'build', '--store', s]);
    writeFileSync(saved, JSON.stringify({ ...build, buildLoad: build.load, ...child(['--phase', 'query', '--store', s]) }));
  }
  if (existsSync(saved)) results[s] = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
}

type Point = { setting: string; recall: number; qps: number; qpCpuS: number };
const at90 = (sweep: Point[]): Point | undefined => sweep.filter((p) => p.recall >= 0.9).sort((a, b) => b.qpCpuS - a.qpCpuS)[0];
const exactRate = (results.exact!.sweep as Point[])[0]!.qpCpuS;
console.log(`\n${N.toLocaleString('en')} vectors × 100-d, ${queryCount} queries, k = ${K}; ratios of queries per CPU second against exact search in this run`);
console.log('| store | build s wall (CPU s) | queries / CPU s at recall@20 ≥ 0.9 (setting, recall; q/s wall) | × exact | build peak RSS MiB | query RSS MiB peak / after | disk MiB | load (build; query) |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: | --- |');
for (const [name, r] of Object.entries(results)) {
  const p = at90(r.sweep as Point[]);
  const q = p ? `${p.qpCpuS.toFixed(0)} (${p.setting}, ${p.recall.toFixed(3)}; ${p.qps.toFixed(0)})` : 'none reached 0.9';
  const mb = (x: unknown): string => (x as number).toFixed(0);
  console.log(`| ${name} | ${mb(r.buildS)} (${mb(r.buildCpuS)}) | ${q} | ${p ? (p.qpCpuS / exactRate).toFixed(1) : '–'} | ${mb(r.buildRssMB)} | ${mb(r.queryRssMB)} / ${mb(r.rssNowMB)} | ${((r.diskBytes as number) / 2 ** 20).toFixed(0)} | ${r.buildLoad}; ${r.load} |`);
}
for (const [name, r] of Object.entries(results)) console.log(`${name} sweep: ${(r.sweep as Point[]).map((p) => `${p.setting}: recall ${p.recall.toFixed(3)}, ${p.qpCpuS.toFixed(0)} q/CPU-s, ${p.qps.toFixed(0)} q/s`).join('; ')}`);
console.log(`${loadLine()} at the end`);
console.log(JSON.stringify(results));

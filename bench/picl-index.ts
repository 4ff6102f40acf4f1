/**
 * HNSW (hnswlib-node) vs batched exact search (all queries × all vectors as blocked matrix products
 * on tfjs-wasm, then a SIMD top-k: `exactSearchBatch`) from 10⁴ to 10⁶ vectors, and usearch as a
 * third column when it is installed. Ratios are of rates per CPU second measured in this one process
 * (wall-clock rates beside them), fastest of N runs, so they hold on a loaded machine.
 *
 * Vectors: about 120,000 real units (State of the Union and Moby Dick sentences, WordNet glosses)
 * embedded with the package's mean-GloVe 100-d encoder; beyond those the rows are SYNTHETIC, real
 * vectors jittered with N(0, σ²) per dimension and renormalised (σ = 0.03). Queries: held-out real units.
 *
 * 1. Build speed on the first `--build-sample` real vectors: hnswlib-node's own `addPoint` loop on
 *    plain arrays prepared ahead (the reference), then `HnswIndex.add` at several efConstruction,
 *    each with recall@20 at ef = 64 and 128.
 * 2. One HNSW index (the package defaults) grows through `--sizes`; at each size exact search and
 *    HNSW at several ef answer the same queries: queries/s, recall@20 against the exact top 20.
 * 3. The crossover: the size from which HNSW is ≥ 10× exact search at recall@20 ≥ 0.95,
 *    interpolated between measured sizes in log-log, or extrapolated from the last two.
 * 4. Memory per vector: hnswlib's own graph (its saved form, which mirrors its memory) and the float
 *    copy the index keeps; exact search holds 4·dim bytes.
 *
 *   nice -n 15 npx tsx --conditions @lmkit/source bench/picl-index.ts [--sizes 10000,30000,100000,300000,1000000] [--queries 500] [--build-sample 30000]
 *   usearch (npm `usearch`, prebuilt binary in the package; not a dependency here: its tarball takes minutes
 *   to fetch) adds a third column when `require('usearch')` resolves, e.g. with NODE_PATH=<folder>/node_modules
 *   after `npm i usearch@2.26.2` in that folder. Its rows: HNSW (M 16, same efConstruction, 1 thread) and
 *   its SIMD `exactSearch` as a second exact baseline.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exactSearchBatch, recallAtK, type IndexHit } from '@lmkit/picl';
import { HnswIndex } from '@lmkit/picl/node';
import { initBackend } from '@lmkit/tensor';
import { cpuSeconds, jitteredRows, loadLine, realVectors, rowsOf } from './picl-common.js';

const require = createRequire(import.meta.url);
const { HierarchicalNSW } = require('hnswlib-node') as typeof import('hnswlib-node');
const arg = (name: string, dflt: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : dflt;
};
const SIZES = arg('sizes', '10000,30000,100000,300000,1000000').split(',').map(Number);
const QUERIES = Number(arg('queries', '500'));
const BUILD_SAMPLE = Number(arg('build-sample', '30000'));
/** usearch's index grows only up to this size (its build costs as much CPU as hnswlib's). */
const USEARCH_MAX = Number(arg('usearch-max', '300000'));
const SIGMA = 0.03;
const K = 20;
const EFS = [32, 64, 128, 256];
const MIN_CPU_S = 0.3;
/** usearch's exact search is single-threaded SIMD without blocking: only measured up to this size. */
const USEARCH_EXACT_MAX = 100_000;
const EF_CONSTRUCTIONS = [200, 100, 64, 40];

/**
 * Rate per CPU second and per wall second of `work` (`count` operations a pass), fastest of `runs`;
 * each run repeats the pass until it has used `MIN_CPU_S`, so short passes are not lost in the
 * scheduler's noise on a loaded machine.
 */
function rate<T>(count: number, runs: number, work: () => T, minCpuS = MIN_CPU_S): { perCpuS: number; perS: number; out: T } {
  let best = { perCpuS: 0, perS: 0, out: undefined as T };
  for (let r = 0; r < runs; r++) {
    const c0 = cpuSeconds();
    const w0 = performance.now();
    let out: T;
    let passes = 0;
    do {
      out = work();
      passes++;
    } while (cpuSeconds() - c0 < minCpuS);
    const c = cpuSeconds() - c0;
    const w = (performance.now() - w0) / 1000;
    if ((passes * count) / c > best.perCpuS) best = { perCpuS: (passes * count) / c, perS: (passes * count) / w, out };
  }
  return best;
}
const f0 = (x: number): string => x.toLocaleString('en', { maximumFractionDigits: 0 });

/** usearch, when installed (optional: not a dependency of the bench package, see the header). */
type USearchIndex = { add(keys: BigUint64Array, vectors: Float32Array, threads?: number): void; search(q: Float32Array, k: number, threads: number): { keys: BigUint64Array }; save(path: string): void; view(path: string): void };
type USearch = {
  Index: new (o: Record<string, unknown>) => USearchIndex;
  exactSearch(data: Float32Array, queries: Float32Array, dim: number, k: number, metric: string, threads: number): { keys: BigUint64Array };
};
let usearch: USearch | undefined;
try {
  usearch = require('usearch') as USearch;
} catch (e) {
  console.log(`usearch: not installed here (${(e as Error).message.split('\n')[0]}): no third column`);
}
const usearchConfig = (efConstruction: number, ef: number): Record<string, unknown> => ({ metric: 'ip', dimensions: 100, connectivity: 16, expansion_add: efConstruction, expansion_search: ef });
/** usearch hits of a row-major query matrix (keys are labels), `k` per query. */
const usearchHits = (keys: BigUint64Array, count: number): IndexHit[][] => Array.from({ length: count }, (_, i) => Array.from(keys.subarray(i * K, (i + 1) * K), (key) => ({ label: Number(key), score: 0 })));

console.log(`machine: ${cpus().length} cores, ${loadLine()} at the start; rates per CPU second of this process (niced)`);
await initBackend({ backend: 'wasm' });
const t0 = performance.now();
const real = realVectors(QUERIES);
const { dim } = real;
const queries = real.queries;
const MAX = Math.max(...SIZES);
const all = jitteredRows(real, 0, MAX, SIGMA);
console.log(`data: ${f0(real.count)} real unit vectors (mean GloVe ${dim}-d), ${MAX > real.count ? `jittered to ${f0(MAX)} (σ = ${SIGMA}; rows past ${f0(real.count)} are synthetic)` : 'no jitter'}; ${queries.length} held-out real queries; k = ${K} (${((performance.now() - t0) / 1000).toFixed(0)} s)`);

const queryMatrix = new Float32Array(queries.length * dim);
queries.forEach((q, i) => queryMatrix.set(q, i * dim));
/** Runs `work` on a view of `u`'s saved form searching with `ef` (usearch fixes ef when an index is made). */
function withUsearchView<T>(u: USearchIndex, efConstruction: number, ef: number, work: (v: USearchIndex) => T, file?: string): T {
  const dir = file ? '' : mkdtempSync(join(tmpdir(), 'lmkit-bench-usearch-'));
  const path = file ?? join(dir, 'index.usearch');
  try {
    if (!file) u.save(path);
    const v = new usearch!.Index(usearchConfig(efConstruction, Math.max(ef, K)));
    v.view(path);
    return work(v);
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
const defaults = new HnswIndex(dim).options;

// 1. Build speed ----------------------------------------------------------------------------------
// (--build-sample 0 skips it)
if (BUILD_SAMPLE > 0) {
  const sampleN = Math.min(BUILD_SAMPLE, real.count);
  const sample = rowsOf(all.subarray(0, sampleN * dim), dim);
  const sampleTruth = exactSearchBatch(queries, all.subarray(0, sampleN * dim), dim, K);
  const recallOf = (search: (q: Float32Array) => IndexHit[]): number => recallAtK(queries.map(search), sampleTruth);
  const plain = sample.map((v) => Array.from(v));
  console.log(`\n1. HNSW build on ${f0(sampleN)} real vectors (M = 16; one insert at a time: hnswlib-node binds no batch insert) — ${loadLine()}`);
  console.log('| builder | efConstruction | vectors / CPU s | vectors / s wall | recall@20 ef 64 | recall@20 ef 128 |\n|---|---:|---:|---:|---:|---:|');
  for (const efc of [...new Set([200, defaults.efConstruction])]) {
    const h = new HierarchicalNSW('ip', dim);
    h.initIndex(sampleN, 16, efc, 100);
    const r = rate(sampleN, 1, () => plain.forEach((p, i) => h.addPoint(p, i)), 0);
    const rec = [64, 128].map((ef) => {
      h.setEf(ef);
      return recallOf((q) => h.searchKnn(Array.from(q), K).neighbors.map((label) => ({ label, score: 0 })));
    });
    console.log(`| hnswlib-node addPoint loop (arrays ready) | ${efc} | ${f0(r.perCpuS)} | ${f0(r.perS)} | ${rec[0]!.toFixed(3)} | ${rec[1]!.toFixed(3)} |`);
  }
  for (const efc of EF_CONSTRUCTIONS) {
    const idx = new HnswIndex(dim, { efConstruction: efc }, sampleN);
    const r = rate(sampleN, 1, () => idx.add(sample), 0);
    const rec = [64, 128].map((ef) => {
      (idx.options as { ef: number }).ef = ef;
      return recallOf((q) => idx.search(q, K));
    });
    console.log(`| HnswIndex.add${efc === defaults.efConstruction ? ' (default)' : ''} | ${efc} | ${f0(r.perCpuS)} | ${f0(r.perS)} | ${rec[0]!.toFixed(3)} | ${rec[1]!.toFixed(3)} |`);
  }
  if (usearch) {
    for (const efc of [200, defaults.efConstruction]) {
      const u = new usearch.Index(usearchConfig(efc, 64));
      const keys = BigUint64Array.from({ length: sampleN }, (_, i) => BigInt(i));
      const r = rate(sampleN, 1, () => u.add(keys, all.slice(0, sampleN * dim), 1), 0);
      const rec = [64, 128].map((ef) => withUsearchView(u, efc, ef, (v) => recallAtK(usearchHits(v.search(queryMatrix, K, 1).keys, queries.length), sampleTruth)));
      console.log(`| usearch add (1 thread) | ${efc} | ${f0(r.perCpuS)} | ${f0(r.perS)} | ${rec[0]!.toFixed(3)} | ${rec[1]!.toFixed(3)} |`);
    }
  }
}

// 2. Scale ----------------------------------------------------------------------------------------
type Point = { engine: string; setting: string; recall: number; perCpuS: number; perS: number };
type SizeRow = { n: number; exact: Point; points: Point[]; buildPerCpuS: number; usearchBuildPerCpuS?: number; load: string; hnswBytesPerVector?: number; usearchBytesPerVector?: number };
const hnsw = new HnswIndex(dim, {}, MAX);
const u = usearch ? new usearch.Index(usearchConfig(defaults.efConstruction, 64)) : undefined;
const usearchDir = mkdtempSync(join(tmpdir(), 'lmkit-bench-usearch-'));
const usearchFile = join(usearchDir, 'index.usearch');
process.on('exit', () => rmSync(usearchDir, { recursive: true, force: true }));
const sizes: SizeRow[] = [];
let built = 0;
let buildCpu = 0;
let usearchBuildCpu = 0;
console.log(`\n2. growing one HNSW index (M ${defaults.m}, efConstruction ${defaults.efConstruction}) through ${SIZES.map(f0).join(', ')} vectors`);
for (const n of SIZES.sort((a, b) => a - b)) {
  const c0 = cpuSeconds();
  for (let i = built; i < n; i += 10_000) hnsw.add(rowsOf(all.subarray(i * dim, Math.min(n, i + 10_000) * dim), dim));
  buildCpu += cpuSeconds() - c0;
  const u0 = cpuSeconds();
  const withUsearch = u && n <= USEARCH_MAX;
  if (withUsearch) u.add(BigUint64Array.from({ length: n - built }, (_, i) => BigInt(built + i)), all.slice(built * dim, n * dim), 1);
  usearchBuildCpu += cpuSeconds() - u0;
  built = n;
  const matrix = all.subarray(0, n * dim);
  const ex = rate(queries.length, 2, () => exactSearchBatch(queries, matrix, dim, K));
  const truth = ex.out;
  const exact: Point = { engine: 'exact', setting: 'batched tfjs-wasm', recall: 1, perCpuS: ex.perCpuS, perS: ex.perS };
  const points: Point[] = [];
  if (usearch && n <= USEARCH_EXACT_MAX) {
    const r = rate(queries.length, 2, () => usearchHits(usearch!.exactSearch(matrix, queryMatrix, dim, K, 'ip', 1).keys, queries.length));
    points.push({ engine: 'exact', setting: 'usearch exactSearch', recall: recallAtK(r.out, truth), perCpuS: r.perCpuS, perS: r.perS });
  }
  if (withUsearch) u.save(usearchFile);
  for (const ef of EFS) {
    (hnsw.options as { ef: number }).ef = ef;
    const r = rate(queries.length, 2, () => queries.map((q) => hnsw.search(q, K)));
    points.push({ engine: 'hnsw', setting: `ef ${ef}`, recall: recallAtK(r.out, truth), perCpuS: r.perCpuS, perS: r.perS });
    if (withUsearch) {
      const ur = withUsearchView(u, defaults.efConstruction, ef, (v) => rate(queries.length, 2, () => usearchHits(v.search(queryMatrix, K, 1).keys, queries.length)), usearchFile);
      points.push({ engine: 'usearch', setting: `ef ${ef}`, recall: recallAtK(ur.out, truth), perCpuS: ur.perCpuS, perS: ur.perS });
    }
  }
  const row: SizeRow = { n, exact, points, buildPerCpuS: n / buildCpu, load: loadLine() };
  if (withUsearch) Object.assign(row, { usearchBuildPerCpuS: n / usearchBuildCpu, usearchBytesPerVector: statSync(usearchFile).size / n });
  if (n === MAX || n === 100_000) row.hnswBytesPerVector = hnsw.graphBytes().byteLength / n;
  sizes.push(row);
  console.log(`\n${f0(n)} vectors (${n > real.count ? 'jittered' : 'real'}) — ${row.load}; HNSW build so far ${f0(row.buildPerCpuS)} vectors / CPU s${withUsearch ? `, usearch ${f0(row.usearchBuildPerCpuS!)}` : ''}`);
  console.log('| engine | setting | recall@20 | queries / CPU s | queries / s wall | × exact (CPU) |\n|---|---|---:|---:|---:|---:|');
  for (const p of [exact, ...points]) console.log(`| ${p.engine} | ${p.setting} | ${p.recall.toFixed(3)} | ${f0(p.perCpuS)} | ${f0(p.perS)} | ${(p.perCpuS / exact.perCpuS).toFixed(1)} |`);
}

// 3. Crossover ------------------------------------------------------------------------------------
const speedup = (s: SizeRow, engine: string): number => {
  const ok = s.points.filter((p) => p.engine === engine && p.recall >= 0.95).sort((a, b) => b.perCpuS - a.perCpuS)[0];
  return ok ? ok.perCpuS / s.exact.perCpuS : Number.NaN;
};
for (const engine of u ? ['hnsw', 'usearch'] : ['hnsw']) {
  const pts = sizes.map((s) => ({ n: s.n, x: speedup(s, engine) })).filter((p) => Number.isFinite(p.x));
  console.log(`\n3. ${engine} ÷ exact at recall@20 ≥ 0.95 (queries per CPU s): ${pts.map((p) => `${f0(p.n)}: ${p.x.toFixed(1)}×`).join(', ')}`);
  const i = pts.findIndex((p) => p.x >= 10);
  const logFit = (a: { n: number; x: number }, b: { n: number; x: number }): number => Math.exp(Math.log(a.n) + ((Math.log(10) - Math.log(a.x)) * (Math.log(b.n) - Math.log(a.n))) / (Math.log(b.x) - Math.log(a.x)));
  if (i === 0) console.log(`crossover (≥ 10×): at or below the smallest measured size, ${f0(pts[0]!.n)} (measured)`);
  else if (i > 0) console.log(`crossover (≥ 10×): ≈ ${f0(logFit(pts[i - 1]!, pts[i]!))} vectors (interpolated in log-log between the measured ${f0(pts[i - 1]!.n)} and ${f0(pts[i]!.n)})`);
  else if (pts.length >= 2) console.log(`crossover (≥ 10×): ≈ ${f0(logFit(pts.at(-2)!, pts.at(-1)!))} vectors (EXTRAPOLATED from the measured ${f0(pts.at(-2)!.n)} and ${f0(pts.at(-1)!.n)})`);
  else console.log('crossover: too few sizes reached recall 0.95');
}

// 4. Memory ---------------------------------------------------------------------------------------
console.log(`\n4. memory per vector (${dim}-d float32): exact ${4 * dim} B (the matrix only)`);
for (const s of sizes.filter((x) => x.usearchBytesPerVector && (x.n === MAX || x.n === 100_000))) console.log(`   usearch at ${f0(s.n)}: its saved index (graph + vectors) ${f0(s.usearchBytesPerVector!)} B`);
for (const s of sizes.filter((x) => x.hnswBytesPerVector)) console.log(`   HNSW at ${f0(s.n)}: hnswlib graph + its vector copy ${f0(s.hnswBytesPerVector!)} B, plus the float copy HnswIndex keeps for saving and merging ${4 * dim} B = ${f0(s.hnswBytesPerVector! + 4 * dim)} B`);
console.log(`\n${loadLine()} at the end`);
console.log(JSON.stringify({ dim, real: real.count, queries: queries.length, sigma: SIGMA, sizes }));

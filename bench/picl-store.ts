/**
 * Vector stores at a million vectors: LanceDB (IVF-PQ on disk) vs hnswlib-node (HNSW in memory) vs
 * exact search (all queries × all vectors as blocked matrix products on tfjs-wasm, then top-k).
 * For each: build time, queries/s at recall@20 ≥ 0.9 (recall against the exact top 20), peak
 * resident memory (RSS) of the build and of a fresh query process, and bytes on disk. Each store is
 * built and queried in its own child process so RSS is its own.
 *
 * The data: real sentences of the State of the Union addresses embedded with the package's mean-GloVe
 * encoder. The speeches hold about 61,600 usable sentences (60,000 are used), so the million vectors are SYNTHESISED by
 * jittering them: vector i = normalise(sentence vector (i mod S) + N(0, σ²) per dimension), σ = 0.03
 * (noise of norm ≈ 0.3 against unit vectors). Queries are 1,000 held-out real sentence vectors.
 *
 *   nice -n 10 npx tsx --conditions @lmkit/source bench/picl-store.ts [--vectors 1000000] [--queries 1000] [--work DIR]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { initBackend, Rng } from '@lmkit/tensor';
import { exactSearchBatch, recallAtK, type IndexHit } from '@lmkit/picl';
import { gloveSentenceVectors, HnswIndex, LANCE_DEFAULTS, LanceStore } from '@lmkit/picl/node';

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
const rowsOf = (flat: Float32Array): Float32Array[] => Array.from({ length: flat.length / DIM }, (_, i) => flat.subarray(i * DIM, (i + 1) * DIM));
const duBytes = (path: string): number => Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);

// ---------------------------------------------------------------------------------------------
// Child phases: `--phase build|query --store exact|hnsw|lancedb`; each prints one JSON line.
const phase = arg('phase', '');
const store = arg('store', '');
const vectorsFile = join(WORK, 'vectors.f32');
const queries = (): Float32Array[] => rowsOf(new Float32Array(readFileSync(join(WORK, 'queries.f32')).buffer.slice(0)));
const truth = (): IndexHit[][] => JSON.parse(readFileSync(join(WORK, 'truth.json'), 'utf8')) as IndexHit[][];

/** Queries/s and recall@20 of `search` over all queries. */
async function sweepPoint(search: (qs: Float32Array[]) => Promise<IndexHit[][]> | IndexHit[][], qs: Float32Array[], t: IndexHit[][]) {
  const t0 = now();
  const got = await search(qs);
  const s = (now() - t0) / 1000;
  return { recall: recallAtK(got, t), qps: qs.length / s };
}

async function buildPhase(): Promise<Record<string, unknown>> {
  const t0 = now();
  if (store === 'exact') {
    const m = readRows(vectorsFile, 0, N); // exact search keeps every vector in memory
    return { buildS: (now() - t0) / 1000, buildRssMB: rssMB(), diskBytes: m.byteLength };
  }
  if (store === 'hnsw') {
    const index = new HnswIndex(DIM, {}, N);
    for (let i = 0; i < N; i += 50_000) index.add(rowsOf(readRows(vectorsFile, i, Math.min(N, i + 50_000))));
    const buildS = (now() - t0) / 1000;
    const graph = index.graphBytes();
    writeFileSync(join(WORK, 'hnsw.graph'), graph);
    // Our index file holds the vectors and hnswlib's graph.
    return { buildS, buildRssMB: rssMB(), diskBytes: graph.byteLength + N * DIM * 4, params: index.options };
  }
  rmSync(join(WORK, 'lance'), { recursive: true, force: true });
  const lance = await LanceStore.open(join(WORK, 'lance'), DIM, { create: true });
  for (let i = 0; i < N; i += 50_000) await lance.add(rowsOf(readRows(vectorsFile, i, Math.min(N, i + 50_000))));
  const addS = (now() - t0) / 1000;
  await lance.createIndex();
  const buildS = (now() - t0) / 1000;
  lance.close();
  return { buildS, addS, buildRssMB: rssMB(), diskBytes: duBytes(join(WORK, 'lance')), params: LANCE_DEFAULTS };
}

async function queryPhase(): Promise<Record<string, unknown>> {
  const qs = queries();
  if (store === 'exact') {
    await initBackend({ backend: 'wasm' });
    const m = readRows(vectorsFile, 0, N);
    const t0 = now();
    const hits = exactSearchBatch(qs, m, DIM, K);
    const s = (now() - t0) / 1000;
    writeFileSync(join(WORK, 'truth.json'), JSON.stringify(hits));
    return { sweep: [{ setting: 'batched tfjs-wasm', recall: 1, qps: qs.length / s }], queryRssMB: rssMB() };
  }
  const t = truth();
  const sweep: { setting: string; recall: number; qps: number }[] = [];
  if (store === 'hnsw') {
    const index = HnswIndex.restore(DIM, {}, readRows(vectorsFile, 0, N), readFileSync(join(WORK, 'hnsw.graph')));
    for (const ef of [20, 40, 64, 100, 200]) {
      (index.options as { ef: number }).ef = ef;
      sweep.push({ setting: `ef=${ef}`, ...(await sweepPoint((x) => x.map((q) => index.search(q, K)), qs, t)) });
    }
    return { sweep, queryRssMB: rssMB() };
  }
  const lance = await LanceStore.open(join(WORK, 'lance'), DIM);
  for (const nprobes of [8, 16, 24, 48]) {
    for (const refineFactor of [2, 10]) {
      Object.assign(lance.options, { nprobes, refineFactor });
      sweep.push({ setting: `nprobes=${nprobes} refine=${refineFactor}`, ...(await sweepPoint((x) => lance.searchMany(x, K), qs, t)) });
    }
  }
  lance.close();
  return { sweep, queryRssMB: rssMB() };
}

if (phase) {
  const result = phase === 'build' ? await buildPhase() : await queryPhase();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Main: make the data, run every phase in a child, print the table.
const load0 = loadavg();
console.log(`machine: ${cpus().length} cores, load average ${load0.map((x) => x.toFixed(1)).join(' / ')} (1/5/15 min) at the start; niced`);
mkdirSync(WORK, { recursive: true });
let t0 = now();
const sentences = gloveSentenceVectors(Math.min(61_000, N + Q));
const base = sentences.vectors.slice(0, sentences.vectors.length - Q);
const held = sentences.vectors.slice(sentences.vectors.length - Q);
console.log(`data: ${base.length} real SOTU sentence vectors (mean GloVe 100-d) jittered to ${N.toLocaleString('en')} (σ = ${SIGMA}); ${Q} held-out real sentences as queries (${((now() - t0) / 1000).toFixed(0)} s)`);
const rng = new Rng(7);
const fd = openSync(vectorsFile, 'w');
const chunk = new Float32Array(10_000 * DIM);
for (let i = 0; i < N; i += 10_000) {
  const rows = Math.min(10_000, N - i);
  for (let r = 0; r < rows; r++) {
    const src = base[(i + r) % base.length]!;
    let norm = 0;
    for (let j = 0; j < DIM; j++) {
      const x = (src[j] as number) + SIGMA * rng.normal();
      chunk[r * DIM + j] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < DIM; j++) chunk[r * DIM + j] = (chunk[r * DIM + j] as number) * inv;
  }
  writeSync(fd, new Uint8Array(chunk.buffer, 0, rows * DIM * 4));
}
closeSync(fd);
const qflat = new Float32Array(Q * DIM);
held.forEach((v, i) => qflat.set(v, i * DIM));
writeFileSync(join(WORK, 'queries.f32'), qflat);
console.log(`wrote ${(statSync(vectorsFile).size / 2 ** 20).toFixed(0)} MiB of vectors`);

function child(args: string[]): Record<string, unknown> {
  t0 = now();
  const r = spawnSync(process.execPath, [...process.execArgv, SELF, '--vectors', String(N), '--queries', String(Q), '--work', WORK, ...args], { encoding: 'utf8', maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed with ${r.status}`);
  const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
  console.log(`  ${args.join(' ')}: ${((now() - t0) / 1000).toFixed(0)} s ${JSON.stringify(out)}`);
  return out;
}
const results: Record<string, Record<string, unknown>> = {};
for (const s of ['exact', 'hnsw', 'lancedb']) results[s] = { ...child(['--phase', 'build', '--store', s]), ...child(['--phase', 'query', '--store', s]) };

type Point = { setting: string; recall: number; qps: number };
const at90 = (sweep: Point[]): Point | undefined => sweep.filter((p) => p.recall >= 0.9).sort((a, b) => b.qps - a.qps)[0];
const exactQps = (results.exact!.sweep as Point[])[0]!.qps;
console.log(`\n${N.toLocaleString('en')} vectors × 100-d, ${Q} queries, k = ${K}; ratios against exact search measured in this run`);
console.log('| store | build s | queries/s at recall@20 ≥ 0.9 (setting, recall) | × exact q/s | build peak RSS MiB | query RSS MiB | disk MiB |');
console.log('| --- | ---: | --- | ---: | ---: | ---: | ---: |');
for (const [name, r] of Object.entries(results)) {
  const p = at90(r.sweep as Point[]);
  const q = p ? `${p.qps.toFixed(0)} (${p.setting}, ${p.recall.toFixed(3)})` : 'none reached 0.9';
  console.log(`| ${name} | ${(r.buildS as number).toFixed(0)} | ${q} | ${p ? (p.qps / exactQps).toFixed(1) : '–'} | ${(r.buildRssMB as number).toFixed(0)} | ${(r.queryRssMB as number).toFixed(0)} | ${((r.diskBytes as number) / 2 ** 20).toFixed(0)} |`);
}
for (const [name, r] of Object.entries(results)) console.log(`${name} sweep: ${(r.sweep as Point[]).map((p) => `${p.setting}: recall ${p.recall.toFixed(3)}, ${p.qps.toFixed(0)} q/s`).join('; ')}`);
console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`);

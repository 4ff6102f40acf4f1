/**
 * HNSW (hnswlib-node) vs exact brute-force search on ≥ 100,000 real sentences (State of the Union,
 * Moby Dick, WordNet glosses) embedded with mean-pooled GloVe 100-d. Prints build vectors/s,
 * queries/s of both, and recall@20 of HNSW against the exact top 20 at several `ef`, as ratios
 * measured in this one process. Target: recall@20 ≥ 0.95 at ≥ 50× brute-force speed.
 *
 *   npx tsx --conditions @lmkit/source bench/picl-index.ts [--units 120000] [--queries 500]
 */
import { BruteForceIndex, MeanGloveEncoder, splitSentences, countTokens } from '@lmkit/picl';
import { HnswIndex, loadGlove, readGlosses, readNovel, readSpeeches } from '@lmkit/picl/node';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const UNITS = arg('units', 120_000);
const QUERIES = arg('queries', 500);
const K = 20;

const t = (): number => performance.now();
let t0 = t();
const seen = new Set<string>();
const units: string[] = [];
const addText = (text: string): void => {
  for (const s of splitSentences(text)) {
    if (countTokens(s) >= 4 && !seen.has(s)) {
      seen.add(s);
      units.push(s);
    }
  }
};
for (const r of readSpeeches(10_000)) addText(r.text);
for (const r of readNovel(10_000)) addText(r.text);
for (const r of readGlosses(100_000)) {
  if (seen.has(r.text)) continue;
  seen.add(r.text);
  units.push(r.text);
}
// Interleave sources deterministically (every 7th unit becomes a query candidate).
const queriesText = units.filter((_, i) => i % 7 === 3).slice(0, QUERIES);
const qSet = new Set(queriesText);
const corpus = units.filter((u) => !qSet.has(u)).slice(0, UNITS);
console.log(`units: ${corpus.length} indexed sentences/glosses, ${queriesText.length} held-out queries (${((t() - t0) / 1000).toFixed(1)} s to read)`);
if (corpus.length < 100_000) console.log(`warning: fewer than 100,000 units (${corpus.length})`);

t0 = t();
const glove = loadGlove({ onConvert: (m) => console.log(m) });
const enc = new MeanGloveEncoder(glove);
console.log(`GloVe table: ${glove.size} words (${((t() - t0) / 1000).toFixed(1)} s)`);
t0 = t();
const vectors = enc.embed(corpus);
const queries = enc.embed(queriesText);
const embedS = (t() - t0) / 1000;
console.log(`embed: ${(corpus.length / embedS).toFixed(0)} texts/s`);

t0 = t();
const exact = new BruteForceIndex(enc.dim, vectors);
const bruteBuildS = (t() - t0) / 1000;
t0 = t();
const hnsw = new HnswIndex(enc.dim, { m: 16, efConstruction: 200, seed: 100 }, vectors.length);
hnsw.add(vectors);
const buildS = (t() - t0) / 1000;
console.log(`build: HNSW ${(vectors.length / buildS).toFixed(0)} vectors/s (M=16, efConstruction=200); brute force ${(vectors.length / bruteBuildS).toFixed(0)} vectors/s (copy only)`);

t0 = t();
const truth = queries.map((q) => new Set(exact.search(q, K).map((h) => h.label)));
const bruteQps = queries.length / ((t() - t0) / 1000);
console.log(`brute force: ${bruteQps.toFixed(1)} queries/s (exact, plain JS loop over ${corpus.length} × ${enc.dim})`);

const rows: { ef: number; recall: number; qps: number; speedup: number }[] = [];
for (const ef of [16, 32, 64, 128, 256]) {
  const idx = hnsw as HnswIndex & { options: { ef: number } };
  idx.options.ef = ef;
  t0 = t();
  const results = queries.map((q) => hnsw.search(q, K));
  const qps = queries.length / ((t() - t0) / 1000);
  let found = 0;
  results.forEach((hits, i) => (found += hits.filter((h) => truth[i]!.has(h.label)).length));
  rows.push({ ef, recall: found / (K * queries.length), qps, speedup: qps / bruteQps });
}
console.log('\n| ef | recall@20 | queries/s | × brute force |\n|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.ef} | ${r.recall.toFixed(4)} | ${r.qps.toFixed(0)} | ${r.speedup.toFixed(1)} |`);
const best = rows.filter((r) => r.recall >= 0.95).sort((a, b) => b.speedup - a.speedup)[0];
console.log(
  best
    ? `\ntarget (recall ≥ 0.95 at ≥ 50×): ${best.speedup >= 50 ? 'met' : 'NOT met'} — ef=${best.ef}: recall ${best.recall.toFixed(3)} at ${best.speedup.toFixed(1)}× brute force`
    : '\ntarget (recall ≥ 0.95 at ≥ 50×): NOT met — no ef reached recall 0.95',
);
console.log(JSON.stringify({ units: corpus.length, queries: queries.length, embedTextsPerS: corpus.length / embedS, hnswBuildVectorsPerS: vectors.length / buildS, bruteQps, rows }));

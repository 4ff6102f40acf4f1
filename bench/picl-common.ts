/**
 * Shared by bench/picl-index.ts and bench/picl-store.ts: the real sentence vectors both benches
 * search, the jitter that grows them to a million, and the clocks they report.
 */
import { loadavg } from 'node:os';
import { countTokens, MeanGloveEncoder, splitSentences } from '@lmkit/picl';
import { loadGlove, readGlosses, readNovel, readSpeeches } from '@lmkit/picl/node';
import { Rng } from '@lmkit/tensor';

/** Real texts embedded with the package's mean-GloVe encoder: the indexed ones and held-out queries. */
export interface RealVectors {
  dim: number;
  /** Indexed units, row-major `[count, dim]`, unit length. */
  base: Float32Array;
  count: number;
  /** Held-out real units (never indexed), one unit vector each. */
  queries: Float32Array[];
}

/**
 * Every distinct sentence (≥ 4 words) of the State of the Union addresses and Moby Dick plus the
 * WordNet glosses (about 120,000 units), embedded with mean GloVe 100-d; every 7th unit is a
 * query candidate, the first `queries` of those are held out. Units with no known word are dropped.
 */
export function realVectors(queries: number): RealVectors {
  const seen = new Set<string>();
  const units: string[] = [];
  const add = (t: string): void => {
    if (countTokens(t) >= 4 && !seen.has(t)) {
      seen.add(t);
      units.push(t);
    }
  };
  for (const r of readSpeeches(10_000)) for (const s of splitSentences(r.text)) add(s);
  for (const r of readNovel(10_000)) for (const s of splitSentences(r.text)) add(s);
  for (const r of readGlosses(100_000)) add(r.text);
  const queryTexts = units.filter((_, i) => i % 7 === 3).slice(0, queries);
  const held = new Set(queryTexts);
  const enc = new MeanGloveEncoder(loadGlove({ onConvert: (m) => console.log(m) }));
  const known = (v: Float32Array): boolean => v.some((x) => x !== 0);
  const vectors = enc.embed(units.filter((u) => !held.has(u))).filter(known);
  const base = new Float32Array(vectors.length * enc.dim);
  vectors.forEach((v, i) => base.set(v, i * enc.dim));
  return { dim: enc.dim, base, count: vectors.length, queries: enc.embed(queryTexts).filter(known) };
}

/**
 * Rows `from … from + rows − 1` of the real vectors grown to any size: row i < count is real vector
 * i; row i ≥ count is SYNTHETIC, `normalise(real vector (i mod count) + N(0, σ²) per dimension)`,
 * with a generator seeded by the row block so any block can be made alone. Fills `out` (row-major).
 */
export function jitteredRows(real: RealVectors, from: number, rows: number, sigma: number, out = new Float32Array(rows * real.dim)): Float32Array {
  const { dim, base, count } = real;
  for (let r = 0; r < rows; r++) {
    const i = from + r;
    const src = (i % count) * dim;
    if (i < count) {
      out.set(base.subarray(src, src + dim), r * dim);
      continue;
    }
    const rng = new Rng(1_000_003 + i);
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const x = base[src + j]! + sigma * rng.normal();
      out[r * dim + j] = x;
      norm += x * x;
    }
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < dim; j++) out[r * dim + j] = out[r * dim + j]! * inv;
  }
  return out;
}

/** CPU seconds (user + system) this process has used: rates per CPU second survive a loaded machine. */
export const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

/** The 1/5/15-minute load averages, for printing next to every number. */
export const loadLine = (): string => `load ${loadavg().map((x) => x.toFixed(1)).join(' / ')}`;

/** Splits a row-major matrix into row views. */
export const rowsOf = (flat: Float32Array, dim: number): Float32Array[] => Array.from({ length: flat.length / dim }, (_, i) => flat.subarray(i * dim, (i + 1) * dim));

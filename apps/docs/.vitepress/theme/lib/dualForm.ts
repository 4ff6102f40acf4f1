import { gaussian, mulberry32 } from './rng.js';

/**
 * The dual form of linear attention (Dai et al. 2023): for demonstration tokens X' and query-side
 * tokens X, the attention output on q equals (W_ZSL + ΔW_ICL) q with
 * W_ZSL = Σ_{x∈X} (W_V x)(W_K x)ᵀ and ΔW_ICL = Σ_{x'∈X'} (W_V x')(W_K x')ᵀ. Both sides in float64.
 */
export interface DualFormInstance {
  dim: number;
  wk: number[][];
  wv: number[][];
  wq: number[][];
  demos: number[][];
  queryTokens: number[][];
  query: number[];
}

export interface DualFormResult {
  /** Σ_j (W_V x_j)((W_K x_j)·q) over all tokens: linear attention computed directly. */
  attention: number[];
  /** W_ZSL q. */
  zeroShot: number[];
  /** (W_ZSL + ΔW_ICL) q. */
  dual: number[];
  /** max_i |attention_i − dual_i|. */
  maxAbsDiff: number;
  /** ‖ΔW_ICL‖_F, the size of the implicit update. */
  updateNorm: number;
}

function matVec(m: number[][], v: number[]): number[] {
  return m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));
}

function randMatrix(r: () => number, rows: number, cols: number, scale: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => r() * scale));
}

/** A seeded random instance: `demos` demonstration tokens, `queryTokens` tokens of the query text. */
export function randomInstance(seed: number, dim: number, demos: number, queryTokens: number): DualFormInstance {
  if (!Number.isInteger(dim) || dim < 1 || dim > 256) throw new Error(`dimension must be 1..256, got ${dim}`);
  const r = gaussian(mulberry32(seed));
  const s = 1 / Math.sqrt(dim);
  const wq = randMatrix(r, dim, dim, s);
  const x = randMatrix(r, queryTokens, dim, 1);
  return {
    dim,
    wk: randMatrix(r, dim, dim, s),
    wv: randMatrix(r, dim, dim, s),
    wq,
    demos: randMatrix(r, demos, dim, 1),
    queryTokens: x,
    query: matVec(wq, x[x.length - 1]!),
  };
}

function outerSum(wv: number[][], wk: number[][], tokens: number[][], dim: number): number[][] {
  const w = Array.from({ length: dim }, () => new Array<number>(dim).fill(0));
  for (const t of tokens) {
    const v = matVec(wv, t);
    const k = matVec(wk, t);
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) w[i]![j]! += v[i]! * k[j]!;
  }
  return w;
}

/** Computes both sides of the dual form for an instance. */
export function dualForm(inst: DualFormInstance): DualFormResult {
  const { dim, wk, wv, query } = inst;
  const all = [...inst.demos, ...inst.queryTokens];
  const attention = new Array<number>(dim).fill(0);
  for (const t of all) {
    const v = matVec(wv, t);
    const k = matVec(wk, t);
    const a = k.reduce((s, x, j) => s + x * query[j]!, 0);
    for (let i = 0; i < dim; i++) attention[i]! += v[i]! * a;
  }
  const wZsl = outerSum(wv, wk, inst.queryTokens, dim);
  const dW = outerSum(wv, wk, inst.demos, dim);
  const zeroShot = matVec(wZsl, query);
  const dual = matVec(wZsl.map((row, i) => row.map((x, j) => x + dW[i]![j]!)), query);
  let maxAbsDiff = 0;
  for (let i = 0; i < dim; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(attention[i]! - dual[i]!));
  let f = 0;
  for (const row of dW) for (const x of row) f += x * x;
  return { attention, zeroShot, dual, maxAbsDiff, updateNorm: Math.sqrt(f) };
}

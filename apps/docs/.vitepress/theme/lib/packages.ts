/**
 * Adapters between the demos and the lmkit packages. Each resolver loads its package lazily (a page
 * without the demo never downloads it) and returns the few calls the demo needs.
 */
import { gaussian, mulberry32 } from './rng.js';

/** Encodings the XPOS demo compares. */
export type Encoding = 'rope' | 'xpos' | 'alibi';

export interface CurvePoint {
  distance: number;
  score: number;
}

export interface XposHelpers {
  source: string;
  scoreVsDistance(o: { encoding: Encoding; headDim: number; maxDistance: number }): CurvePoint[];
  attentionResolution(scores: number[]): number;
}

export interface BcaHelpers {
  source: string;
  pattern(n: number, w: number): boolean[][];
}

export interface DualFormView {
  attention: number[];
  dual: number[];
  zeroShot: number[];
  maxAbsDiff: number;
  /** ‖ΔW_ICL‖_F, the size of the implicit update. */
  updateNorm: number;
  /** max |W_ZSL + ΔW_ICL − (one GD step of a linear layer from W_ZSL)|: the update read as gradient descent. */
  gdDiff: number;
}

export interface DualFormHelpers {
  source: string;
  run(seed: number, dim: number, demos: number, queryTokens: number): DualFormView;
}

/** XPOS/RoPE/ALiBi score curves and attention resolution, from @lmkit/xpos. */
export async function resolveXpos(): Promise<XposHelpers> {
  const m = await import('@lmkit/xpos');
  return {
    source: '@lmkit/xpos scoreVsDistance, attentionResolution',
    scoreVsDistance: ({ encoding, headDim, maxDistance }) =>
      m.scoreVsDistance(encoding, headDim, maxDistance).map((score, distance) => ({ distance, score })),
    attentionResolution: (scores) => m.attentionResolution(scores),
  };
}

/** The BCA pattern matrix, from @lmkit/xpos. */
export async function resolveBca(): Promise<BcaHelpers> {
  const m = await import('@lmkit/xpos');
  return {
    source: '@lmkit/xpos bcaPatternMatrix',
    pattern: (n, w) => m.bcaPatternMatrix(n, w).map((row) => row.map((v) => v === 1)),
  };
}

/** Rows × cols of N(0, std²) entries from a seeded source. */
function randomRows(normal: () => number, rows: number, cols: number, std: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => normal() * std));
}

/**
 * Both sides of the dual form on a seeded random instance, from @lmkit/icl: projections W_K, W_V,
 * W_Q with N(0, 1/d) entries, demonstration and query tokens with N(0, 1) entries, query = W_Q x_last.
 */
export async function resolveDualForm(): Promise<DualFormHelpers> {
  const m = await import('@lmkit/icl');
  return {
    source: '@lmkit/icl dualForm',
    run(seed, dim, demos, queryTokens) {
      if (!Number.isInteger(dim) || dim < 1 || dim > 64) throw new Error(`dimension must be an integer in 1…64, got ${dim}`);
      if (!Number.isInteger(queryTokens) || queryTokens < 1) throw new Error(`query tokens must be an integer ≥ 1, got ${queryTokens}`);
      const normal = gaussian(mulberry32(seed));
      const std = 1 / Math.sqrt(dim);
      const wK = randomRows(normal, dim, dim, std);
      const wV = randomRows(normal, dim, dim, std);
      const wQ = randomRows(normal, dim, dim, std);
      const demoTokens = randomRows(normal, demos, dim, 1);
      const context = randomRows(normal, queryTokens, dim, 1);
      const r = m.dualForm({ wK, wV, wQ, demos: demoTokens, context, query: context[context.length - 1]! });
      let f = 0;
      for (const x of r.deltaW.data) f += x * x;
      const stepped = m.gdLinearUpdate(r.gd);
      let gdDiff = 0;
      stepped.data.forEach((x, i) => {
        gdDiff = Math.max(gdDiff, Math.abs(x - (r.wZsl.data[i]! + r.deltaW.data[i]!)));
      });
      return {
        attention: Array.from(r.attention),
        dual: Array.from(r.dual),
        zeroShot: Array.from(r.zeroShot),
        maxAbsDiff: r.maxAbsDiff,
        updateNorm: Math.sqrt(f),
        gdDiff,
      };
    },
  };
}

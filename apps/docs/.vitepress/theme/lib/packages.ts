/**
 * Adapters between the demos and the lmkit packages. Each resolver loads the package lazily (so a
 * page that shows no demo never downloads it) and uses the package's browser-safe helper when it
 * exports one; otherwise it falls back to the small implementation in this folder and says so.
 */
import { attentionResolution, scoreCurve, type CurvePoint, type Encoding } from './xpos.js';
import { bcaMatrix } from './bca.js';
import { dualForm, randomInstance, type DualFormResult } from './dualForm.js';

export interface XposHelpers {
  source: string;
  scoreVsDistance(o: { encoding: Encoding; headDim: number; maxDistance: number }): CurvePoint[];
  attentionResolution(scores: number[]): number;
}

export interface BcaHelpers {
  source: string;
  pattern(n: number, w: number): boolean[][];
}

export interface DualFormHelpers {
  source: string;
  run(seed: number, dim: number, demos: number, queryTokens: number): DualFormResult;
}

const FALLBACK = 'docs fallback';

/** XPOS/RoPE/ALiBi score curves and attention resolution. */
export async function resolveXpos(): Promise<XposHelpers> {
  return { source: FALLBACK, scoreVsDistance: scoreCurve, attentionResolution };
}

/** The BCA pattern matrix. */
export async function resolveBca(): Promise<BcaHelpers> {
  return { source: FALLBACK, pattern: bcaMatrix };
}

/** Both sides of the dual form on a seeded random instance. */
export async function resolveDualForm(): Promise<DualFormHelpers> {
  return { source: FALLBACK, run: (seed, dim, demos, q) => dualForm(randomInstance(seed, dim, demos, q)) };
}

/**
 * The training curriculum as phases of data mixtures: each phase runs until a fraction of the
 * steps and draws every batch from one data source picked by weight. The paper trains SingleLine →
 * Tutorial → CodeNetMut one after the other; Learning to Execute (Zaremba & Sutskever) found that
 * mixing earlier, easier data into later phases beats that naive order, so the default keeps some
 * of each earlier source in every later phase. Batches depend only on (seed, step): a resumed run
 * sees exactly the batches it would have seen. Browser-safe.
 */
import { ArgumentError, Rng } from '@lmkit/tensor';
import type { EncodedExample } from './examples.js';
import type { LengthPool } from './token-batches.js';

/** One phase: until `until` (fraction of all steps, the last phase ends at 1), sources drawn by weight. */
export interface MixturePhase {
  name: string;
  until: number;
  weights: Record<string, number>;
}

/** The paper's order, one source at a time. */
export const NAIVE_CURRICULUM: readonly MixturePhase[] = [
  { name: 'singleline', until: 0.3, weights: { singleline: 1 } },
  { name: 'tutorial', until: 0.8, weights: { tutorial: 1 } },
  { name: 'mutants', until: 1, weights: { mutants: 1 } },
];

/** The paper's order with earlier sources mixed into later phases (default). */
export const MIXED_CURRICULUM: readonly MixturePhase[] = [
  { name: 'singleline', until: 0.25, weights: { singleline: 1 } },
  { name: 'tutorial', until: 0.75, weights: { tutorial: 0.7, singleline: 0.3 } },
  { name: 'mutants', until: 1, weights: { mutants: 0.35, tutorial: 0.45, singleline: 0.2 } },
];

/** The phase that step `step` of `totalSteps` belongs to. */
export function phaseAt(phases: readonly MixturePhase[], step: number, totalSteps: number): MixturePhase {
  if (phases.length === 0) throw new ArgumentError('a curriculum needs at least one phase');
  const t = totalSteps > 0 ? step / totalSteps : 0;
  return phases.find((p) => t < p.until) ?? phases[phases.length - 1]!;
}

/**
 * Drops sources that have no pool (e.g. no mutants were built) and renormalises each phase; a phase
 * left with nothing is merged into its neighbour. Throws when no phase has any source.
 */
export function fitCurriculum(phases: readonly MixturePhase[], available: ReadonlySet<string>): MixturePhase[] {
  const out: MixturePhase[] = [];
  for (const p of phases) {
    const weights = Object.fromEntries(Object.entries(p.weights).filter(([k, w]) => available.has(k) && w > 0));
    if (Object.keys(weights).length === 0) {
      if (out.length > 0) out[out.length - 1] = { ...out[out.length - 1]!, until: p.until };
      continue;
    }
    out.push({ ...p, weights });
  }
  if (out.length === 0) throw new ArgumentError(`no training data for the curriculum (have: ${[...available].join(', ') || 'nothing'})`);
  out[out.length - 1] = { ...out[out.length - 1]!, until: 1 };
  return out;
}

/** The batch of step `step`: a source picked by the phase's weights, then a token-budget batch from it. */
export function mixtureBatch(
  pools: ReadonlyMap<string, LengthPool>,
  phases: readonly MixturePhase[],
  step: number,
  totalSteps: number,
  seed: number,
  budget: number,
): { source: string; examples: EncodedExample[] } {
  const phase = phaseAt(phases, step, totalSteps);
  const r = new Rng((Math.imul(seed, 1_000_003) + step) >>> 0);
  const entries = Object.entries(phase.weights);
  const total = entries.reduce((a, [, w]) => a + w, 0);
  let u = r.next() * total;
  let source = entries[entries.length - 1]![0];
  for (const [k, w] of entries) {
    if (u < w) {
      source = k;
      break;
    }
    u -= w;
  }
  const pool = pools.get(source);
  if (!pool) throw new ArgumentError(`curriculum phase "${phase.name}" names the source "${source}", which has no data`);
  return { source, examples: pool.sample(r, budget) };
}

/**
 * Program `i` of each dataset, before tracing. Every candidate depends only on (set, seed, i) and the
 * Tutorial pool, which is what makes shards and resumed builds reproducible. Browser-safe.
 */
import { ArgumentError } from '@lmkit/tensor';
import type { Mutator } from '../mutate/mutator.js';
import { MUTATION_OPERATOR_IDS } from '../mutate/operators.js';
import { generatedCandidate, isGeneratedSet, type GeneratedSetName } from './generated-candidates.js';
import { itemRng, singleLineProgram } from './singleline.js';
import type { TutorialProgram } from './tutorial.js';

/** The dataset names of `lmkit reproduce`'s trace section. */
export type DatasetName = 'singleline' | 'tutorial' | 'mutants';

/** Every set `lmkit trace build --set` makes: {@link DatasetName} and the generated sets (generated-candidates.ts). */
export type BuildSetName = DatasetName | GeneratedSetName;

/** Every dataset name. */
export const DATASET_NAMES: readonly BuildSetName[] = ['singleline', 'tutorial', 'mutants', 'singleline2', 'teaching', 'codenetmut'];

/** A program to trace, with where it came from. */
export interface Candidate {
  source: string;
  origin: Record<string, unknown>;
}

/** What the candidates of `tutorial` and `mutants` need. */
export interface CandidateContext {
  /** The Tutorial pool (needed by `tutorial` and `mutants`). */
  tutorial?: readonly TutorialProgram[];
  /** A mutator (needed by `mutants`). */
  mutator?: Mutator;
}

/** Salt so that `mutants` with seed s does not reuse the SingleLine stream of seed s. */
const MUTANT_SALT = 0x6d75_7421;

/** Number of programs a build of `set` with `--n n` produces (Tutorial is capped by its pool). */
export function datasetSize(set: BuildSetName, n: number | undefined, ctx: CandidateContext): number {
  if (n !== undefined && (!Number.isInteger(n) || n < 0)) throw new ArgumentError(`--n must be a whole number ≥ 0, got ${n}`);
  if (set === 'tutorial') {
    const pool = needPool(ctx).length;
    return n === undefined ? pool : Math.min(n, pool);
  }
  return n ?? 1000;
}

function needPool(ctx: CandidateContext): readonly TutorialProgram[] {
  if (!ctx.tutorial || ctx.tutorial.length === 0) throw new ArgumentError('the tutorial and mutants sets need the Tutorial pool (extractTutorialPool)');
  return ctx.tutorial;
}

/**
 * Program `i` of `set` for `seed`, or null when none can be made (a mutant whose base program has
 * no site for any operator).
 */
export function candidate(set: BuildSetName, seed: number, i: number, ctx: CandidateContext): Candidate | null {
  if (isGeneratedSet(set)) return generatedCandidate(set, seed, i, ctx.mutator);
  if (set === 'singleline') {
    const p = singleLineProgram(seed, i);
    return { source: p.source, origin: { generator: 'singleline', type: p.type, template: p.template } };
  }
  const pool = needPool(ctx);
  if (set === 'tutorial') {
    const p = pool[i];
    if (!p) throw new ArgumentError(`tutorial program ${i} does not exist (the pool has ${pool.length})`);
    return { source: p.source, origin: { ...p.origin } };
  }
  if (!ctx.mutator) throw new ArgumentError('the mutants set needs a Mutator');
  const r = itemRng((seed ^ MUTANT_SALT) >>> 0, i);
  const baseIndex = r.int(pool.length);
  const base = pool[baseIndex]!;
  // Operators applicable to this program, in a seeded order: each applicable operator is equally likely
  // to be used (the others follow only if its mutant does not compile).
  const sites = ctx.mutator.sites(base.source);
  for (const op of r.shuffle(MUTATION_OPERATOR_IDS.filter((o) => sites[o] > 0))) {
    const m = ctx.mutator.mutate(base.source, op, r.nextUint32());
    if (m.ok) {
      return {
        source: m.source + '\n',
        origin: { base: { ...base.origin, index: baseIndex }, operator: op, line: m.line, before: m.before, after: m.after },
      };
    }
  }
  return null;
}

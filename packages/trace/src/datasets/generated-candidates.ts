/**
 * Candidates of the generated sets: SingleLine at scale (`singleline2`), teaching programs
 * (`teaching`) and the CodeNetMut analogue (`codenetmut`: mutants of teaching programs by the 12
 * operators). Each candidate's origin records its split. A mutant inherits its base program's
 * split: every 4th mutant (`i % 4 === 0`) mutates a held-out program and is evaluated, never
 * trained on; the others mutate training programs (the curriculum's last stage). Browser-safe.
 */
import { ArgumentError } from '@lmkit/tensor';
import type { Mutator } from '../mutate/mutator.js';
import { MUTATION_OPERATOR_IDS } from '../mutate/operators.js';
import { itemRng } from './singleline.js';
import { scaledSingleLineProgram } from './singleline-scale.js';
import { HELD_OUT_PERCENT, programSplit } from './splits.js';
import { teachingProgram } from './teaching.js';

/** The generated sets. */
export type GeneratedSetName = 'singleline2' | 'teaching' | 'codenetmut';

/** True for a set made by {@link generatedCandidate}. */
export const isGeneratedSet = (set: string): set is GeneratedSetName => set === 'singleline2' || set === 'teaching' || set === 'codenetmut';

/** Teaching programs a mutant's base is drawn from (indices `0 … BASE_RANGE-1`). */
const BASE_RANGE = 1 << 20;
/** Draws before giving up on finding a base of the wanted split (a held-out one comes with ~5%). */
const BASE_TRIES = 400;
const MUTANT_SALT = 0x636e6d;

/** A generated program and where it came from. */
export interface GeneratedCandidate {
  source: string;
  origin: Record<string, unknown>;
}

/** Program `i` of a generated set, or null when a mutant cannot be made. */
export function generatedCandidate(set: GeneratedSetName, seed: number, i: number, mutator?: Mutator): GeneratedCandidate | null {
  if (set === 'singleline2') {
    const p = scaledSingleLineProgram(seed, i);
    const split = p.heldOutTemplate ? 'test-template' : programSplit(p.source, HELD_OUT_PERCENT.singleline);
    return { source: p.source, origin: { generator: 'singleline-scale', template: p.template, split } };
  }
  if (set === 'teaching') {
    const p = teachingProgram(seed, i);
    return { source: p.source, origin: { generator: 'teaching', families: p.families, split: programSplit(p.source, HELD_OUT_PERCENT.teaching) } };
  }
  if (!mutator) throw new ArgumentError('the codenetmut set needs a Mutator');
  const r = itemRng((seed ^ MUTANT_SALT) >>> 0, i);
  const split = i % 4 === 0 ? 'test' : 'train';
  for (let t = 0; t < BASE_TRIES; t++) {
    const baseIndex = r.int(BASE_RANGE);
    const base = teachingProgram(seed, baseIndex);
    if (programSplit(base.source, HELD_OUT_PERCENT.teaching) !== split) continue;
    const sites = mutator.sites(base.source);
    for (const op of r.shuffle(MUTATION_OPERATOR_IDS.filter((o) => sites[o] > 0))) {
      const m = mutator.mutate(base.source, op, r.nextUint32());
      if (m.ok) {
        return {
          source: m.source + '\n',
          origin: { generator: 'codenetmut', base: { index: baseIndex, families: base.families }, operator: op, line: m.line, before: m.before, after: m.after, split },
        };
      }
    }
    return null;
  }
  return null;
}

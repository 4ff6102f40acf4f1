/**
 * Generated teaching programs, the bulk of the Tutorial-style set: 3–15 lines in the style of a
 * Python tutorial's examples (see teaching-families.ts). Program `i` is one family, or — for half
 * of the programs that start with a short family — two short families, with distinct names. It depends only on `(seed, i)`.
 * Browser-safe.
 */
import { NameDrawer } from './names.js';
import { itemRng } from './singleline.js';
import { SHORT_TEACHING_FAMILIES, TEACHING_FAMILIES } from './teaching-families.js';

/** One generated teaching program. */
export interface TeachingProgram {
  source: string;
  /** Family names in order, e.g. `['accumulate']` or `['if_elif', 'recursion']`. */
  families: string[];
}

/** Every family name, in a fixed order. */
export const TEACHING_FAMILY_NAMES: readonly string[] = Object.keys(TEACHING_FAMILIES);

/** Longest program (lines) the generator writes. */
export const TEACHING_MAX_LINES = 15;

/** Share of programs of a short family that get a second short family (so traces fit a model's context). */
const PAIR_SHARE = 0.5;
const SHORT_NAMES = TEACHING_FAMILY_NAMES.filter((f) => SHORT_TEACHING_FAMILIES.has(f));

/** Salt so this stream differs from the SingleLine ones with the same seed. */
const SALT = 0x7eac4;

/** Program `i` of the teaching set for `seed`. */
export function teachingProgram(seed: number, i: number): TeachingProgram {
  const r = itemRng((seed ^ SALT) >>> 0, i);
  const names = new NameDrawer(r);
  const first = r.pick(TEACHING_FAMILY_NAMES);
  const lines = TEACHING_FAMILIES[first]!(r, names);
  const families = [first];
  if (SHORT_TEACHING_FAMILIES.has(first) && r.next() < PAIR_SHARE) {
    const second = r.pick(SHORT_NAMES);
    const more = TEACHING_FAMILIES[second]!(r, names);
    if (lines.length + more.length <= TEACHING_MAX_LINES) {
      lines.push(...more);
      families.push(second);
    }
  }
  return { source: lines.join('\n') + '\n', families };
}

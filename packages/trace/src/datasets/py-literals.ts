/**
 * Random Python values and their source literals, for the generated datasets (SingleLine at scale,
 * teaching programs). Every draw goes through a seeded {@link Rng}, so a program is a pure function
 * of its generator's seed. Browser-safe.
 */
import type { Rng } from '@lmkit/tensor';

/** Uniform integer in `[lo, hi]`. */
export const randInt = (r: Rng, lo: number, hi: number): number => lo + r.int(hi - lo + 1);

/** A float with one decimal in `[lo, hi]` (as a JS number, e.g. `-2.5`). */
export const randTenth = (r: Rng, lo: number, hi: number): number => randInt(r, Math.round(lo * 10), Math.round(hi * 10)) / 10;

const LOWER = 'abcdefghijklmnopqrstuvwxyz';

/** A lowercase word of `min … max` letters drawn from the first `letters` letters of the alphabet. */
export function randWord(r: Rng, min: number, max: number, letters = 26): string {
  const n = randInt(r, min, max);
  let s = '';
  for (let i = 0; i < n; i++) s += LOWER[r.int(Math.min(26, letters))];
  return s;
}

/** A list of `min … max` integers in `[lo, hi]`. */
export const randIntList = (r: Rng, min: number, max: number, lo = 0, hi = 20): number[] => Array.from({ length: randInt(r, min, max) }, () => randInt(r, lo, hi));

/** `k` distinct items of `pool` in a random order. */
export function pickDistinct<T>(r: Rng, pool: readonly T[], k: number): T[] {
  const copy = [...pool];
  r.shuffle(copy);
  return copy.slice(0, k);
}

/** Python float literal (always with a dot): `3` → `3.0`. */
export const pyFloat = (x: number): string => (Number.isInteger(x) ? `${x}.0` : String(x));
/** Python string literal (single quotes; the generators only make letters, digits and spaces). */
export const pyStr = (s: string): string => `'${s}'`;
/** Python list literal of ints. */
export const pyIntList = (xs: readonly number[]): string => `[${xs.join(', ')}]`;
/** Python list literal of strings. */
export const pyStrList = (xs: readonly string[]): string => `[${xs.map(pyStr).join(', ')}]`;
/** Python dict literal with string keys and int values. */
export const pyDict = (d: ReadonlyArray<readonly [string, number]>): string => `{${d.map(([k, v]) => `${pyStr(k)}: ${v}`).join(', ')}}`;

/** A dict of `min … max` distinct short keys (1–2 letters) to ints in `[lo, hi]`. */
export function randDict(r: Rng, min: number, max: number, lo = 0, hi = 20): Array<[string, number]> {
  const n = randInt(r, min, max);
  const keys = new Set<string>();
  while (keys.size < n) keys.add(randWord(r, 1, 2, 8));
  return [...keys].map((k) => [k, randInt(r, lo, hi)]);
}

/**
 * Train/test splits of the generated datasets, held out *by program*: a program's split is a hash
 * of its source text, so two copies of one program always land on the same side (a duplicate can
 * never leak a test program into training), and any shard or resumed build agrees on it.
 * SingleLine also has a split *by template* (see singleline-scale.ts). Browser-safe.
 */

/** Where a program belongs. */
export type Split = 'train' | 'test' | 'test-template';

/** Percent of programs held out, per generated set. */
export const HELD_OUT_PERCENT = { singleline: 5, teaching: 5, tutorial: 25 } as const;

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The text a split is decided on: the source without trailing spaces on its lines or at its end. */
export const canonicalSource = (source: string): string => source.replace(/[ \t]+$/gm, '').trimEnd();

/** `test` for about `percent`% of programs (by source hash), else `train`. */
export function programSplit(source: string, percent: number): 'train' | 'test' {
  return fnv1a(canonicalSource(source)) % 100 < percent ? 'test' : 'train';
}

/**
 * Keeps the first record of every distinct program (by canonical source), in order. Returns the kept
 * records and how many duplicates were dropped.
 */
export function dedupeBySource<T extends { source: string }>(records: readonly T[]): { records: T[]; duplicates: number } {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const r of records) {
    const key = canonicalSource(r.source);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return { records: out, duplicates: records.length - out.length };
}

import { ensure } from '../../errors.js';

/** Block size of BCA for training length `w`: w/2. Throws unless `w` is an even integer ≥ 2. */
export function bcaBlockSize(windowLength: number): number {
  ensure(
    Number.isInteger(windowLength) && windowLength >= 2 && windowLength % 2 === 0,
    `BCA: window length (the training length w) must be an even integer ≥ 2, got ${windowLength}`,
  );
  return windowLength / 2;
}

/**
 * True when, under BCA with window `w`, the query at position `queryPos` may attend to the key at
 * `keyPos`: the key is not in the future and lies in the query's block or the previous one
 * (blocks of w/2 positions starting at 0).
 */
export function bcaAllowed(queryPos: number, keyPos: number, windowLength: number): boolean {
  return allowedInBlocks(queryPos, keyPos, bcaBlockSize(windowLength));
}

/** The BCA rule for blocks of `b` positions: key not in the future, in the query's block or the previous one. */
function allowedInBlocks(queryPos: number, keyPos: number, b: number): boolean {
  return keyPos <= queryPos && Math.floor(keyPos / b) >= Math.floor(queryPos / b) - 1;
}

/**
 * The BCA pattern as an `n × n` 0/1 matrix (row = query, column = key), for pictures and demos.
 * Pure and browser-safe; O(n²) so keep `n` small (≤ a few hundred).
 */
export function bcaPatternMatrix(n: number, windowLength: number): number[][] {
  ensure(Number.isInteger(n) && n > 0 && n <= 4096, `bcaPatternMatrix: n must be an integer in 1…4096, got ${n}`);
  const b = bcaBlockSize(windowLength);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (allowedInBlocks(i, j, b) ? 1 : 0)),
  );
}

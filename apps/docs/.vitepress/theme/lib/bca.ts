/**
 * Blockwise causal attention: blocks of w/2 positions; a query sees its own block causally and the
 * whole previous block. Used by the BCA demo when @lmkit/xpos has no pattern helper.
 */
export function bcaMatrix(n: number, w: number): boolean[][] {
  if (!Number.isInteger(n) || n < 1) throw new Error(`N must be an integer ≥ 1, got ${n}`);
  if (!Number.isInteger(w) || w < 2 || w % 2 !== 0) throw new Error(`w must be an even integer ≥ 2, got ${w}`);
  const block = w / 2;
  const rows: boolean[][] = [];
  for (let i = 0; i < n; i++) {
    const bi = Math.floor(i / block);
    const row: boolean[] = [];
    for (let j = 0; j < n; j++) row.push(j <= i && Math.floor(j / block) >= bi - 1);
    rows.push(row);
  }
  return rows;
}

/** Number of allowed (query, key) pairs in a boolean pattern. */
export function countAllowed(m: readonly (readonly boolean[])[]): number {
  let c = 0;
  for (const row of m) for (const v of row) if (v) c++;
  return c;
}

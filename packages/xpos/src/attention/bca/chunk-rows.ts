import type { BlockGrid } from './block-range.js';

/**
 * Row bookkeeping for BCA's chunked passes over flat `[B·H, T, d]` buffers (tfjs-wasm's Slice
 * copies its whole input on every call and its Gather moves one element at a time, both too slow
 * to cut many chunks, so chunks are cut and written back here, in plain typed arrays).
 */

/** Rows `[from, from+count)` of head `s`, clipped to `0 … T−1`: `[lo, hi)` and the chunk offset of `lo`. */
function clip(grid: BlockGrid, from: number, count: number): { lo: number; hi: number; skip: number } {
  const lo = Math.max(from, 0);
  return { lo, hi: Math.min(from + count, grid.T), skip: lo - from };
}

/** `[B·H·g, b, d]`: the rows of blocks `j0 … j0+g−1` of every head (padding rows zero). */
export function cutBlockRows(src: Float32Array, grid: BlockGrid, j0: number, g: number): Float32Array {
  const { B, H, T, d, b, r } = grid;
  const out = new Float32Array(B * H * g * b * d);
  for (let s = 0; s < B * H; s++) {
    const { lo, hi, skip } = clip(grid, j0 * b - r, g * b);
    if (hi > lo) out.set(src.subarray((s * T + lo) * d, (s * T + hi) * d), (s * g * b + skip) * d);
  }
  return out;
}

/** `[B·H·g, 2b, d]`: for blocks `j0 … j0+g−1` of every head, the rows of (previous block ‖ own block). */
export function cutPairRows(src: Float32Array, grid: BlockGrid, j0: number, g: number): Float32Array {
  const { B, H, T, d, b, r } = grid;
  const out = new Float32Array(B * H * g * 2 * b * d);
  for (let s = 0; s < B * H; s++) {
    for (let j = 0; j < g; j++) {
      const { lo, hi, skip } = clip(grid, (j0 + j - 1) * b - r, 2 * b);
      if (hi > lo) out.set(src.subarray((s * T + lo) * d, (s * T + hi) * d), ((s * g + j) * 2 * b + skip) * d);
    }
  }
  return out;
}

/** Writes `[B·H·g, b, d]` block rows (as cut by {@link cutBlockRows}) back into `dst` (padding dropped). */
export function putBlockRows(dst: Float32Array, rows: Float32Array, grid: BlockGrid, j0: number, g: number): void {
  const { B, H, T, d, b, r } = grid;
  for (let s = 0; s < B * H; s++) {
    const { lo, hi, skip } = clip(grid, j0 * b - r, g * b);
    if (hi > lo) dst.set(rows.subarray((s * g * b + skip) * d, (s * g * b + skip + hi - lo) * d), (s * T + lo) * d);
  }
}

/** Adds `[B·H·g, 2b, d]` pair rows (as cut by {@link cutPairRows}) onto `dst`: the adjoint of the cut. */
export function addPairRows(dst: Float32Array, rows: Float32Array, grid: BlockGrid, j0: number, g: number): void {
  const { B, H, T, d, b, r } = grid;
  for (let s = 0; s < B * H; s++) {
    for (let j = 0; j < g; j++) {
      const { lo, hi, skip } = clip(grid, (j0 + j - 1) * b - r, 2 * b);
      const base = ((s * g + j) * 2 * b + skip) * d;
      const at = (s * T + lo) * d;
      for (let i = 0, n = (hi - lo) * d; i < n; i++) dst[at + i] = dst[at + i]! + rows[base + i]!;
    }
  }
}

// AssemblyScript (compiled by kernels/build.mjs, not by tsc). Data movement kernels on the memory
// of the tfjs wasm backend: every pointer is a byte offset into that memory.

/**
 * `[A][B][C][D] → [A][C][B][D]` for 4-byte elements: the one transpose shape every permutation
 * that swaps two adjacent groups of axes reduces to. D > 1 moves contiguous rows of D elements;
 * D = 1 transposes B×C matrices in 4×4 SIMD blocks inside 32×32 tiles (cache-friendly on both sides).
 */
export function swapMiddle(src: usize, dst: usize, A: i32, B: i32, C: i32, D: i32): void {
  const plane = <usize>B * <usize>C * <usize>D * 4;
  for (let a = 0; a < A; a++) {
    const s = src + <usize>a * plane;
    const d = dst + <usize>a * plane;
    if (D == 1) transpose2d(s, d, B, C);
    else moveRows(s, d, B, C, D);
  }
}

function moveRows(src: usize, dst: usize, B: i32, C: i32, D: i32): void {
  const row = <usize>D * 4;
  for (let c = 0; c < C; c++) {
    let from = src + <usize>c * row;
    let to = dst + <usize>c * <usize>B * row;
    for (let b = 0; b < B; b++) {
      memory.copy(to, from, row);
      from += <usize>C * row;
      to += row;
    }
  }
}

const TILE = 32;

/** `dst[j][i] = src[i][j]` for a rows×cols matrix. */
function transpose2d(src: usize, dst: usize, rows: i32, cols: i32): void {
  const rows4 = rows & ~3;
  const cols4 = cols & ~3;
  const rs = <usize>cols * 4; // source row stride in bytes
  const ds = <usize>rows * 4; // destination row stride in bytes
  for (let i0 = 0; i0 < rows4; i0 += TILE) {
    const i1 = min(i0 + TILE, rows4);
    for (let j0 = 0; j0 < cols4; j0 += TILE) {
      const j1 = min(j0 + TILE, cols4);
      for (let i = i0; i < i1; i += 4) {
        for (let j = j0; j < j1; j += 4) {
          const p = src + <usize>i * rs + (<usize>j << 2);
          const r0 = v128.load(p);
          const r1 = v128.load(p + rs);
          const r2 = v128.load(p + 2 * rs);
          const r3 = v128.load(p + 3 * rs);
          const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
          const t2 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
          const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
          const q = dst + <usize>j * ds + (<usize>i << 2);
          v128.store(q, v128.shuffle<f32>(t0, t2, 0, 1, 4, 5));
          v128.store(q + ds, v128.shuffle<f32>(t0, t2, 2, 3, 6, 7));
          v128.store(q + 2 * ds, v128.shuffle<f32>(t1, t3, 0, 1, 4, 5));
          v128.store(q + 3 * ds, v128.shuffle<f32>(t1, t3, 2, 3, 6, 7));
        }
      }
    }
  }
  // Edges: the last rows % 4 rows and the last cols % 4 columns.
  for (let i = rows4; i < rows; i++) {
    for (let j = 0; j < cols; j++) store<u32>(dst + <usize>j * ds + (<usize>i << 2), load<u32>(src + <usize>i * rs + (<usize>j << 2)));
  }
  for (let i = 0; i < rows4; i++) {
    for (let j = cols4; j < cols; j++) store<u32>(dst + <usize>j * ds + (<usize>i << 2), load<u32>(src + <usize>i * rs + (<usize>j << 2)));
  }
}

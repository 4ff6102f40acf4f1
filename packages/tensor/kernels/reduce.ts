// AssemblyScript (compiled by kernels/build.mjs). Reductions on the tfjs-wasm memory.

/**
 * dst[j] = Σ_i src[i][j] over a rows×cols matrix, adding rows in order (0 + x₀ⱼ + x₁ⱼ + …), which
 * is the exact sequence of tfjs-wasm's Sum after its transpose, so results are bit-identical;
 * rows stream contiguously and four columns are added per SIMD lane group.
 */
export function sumRows(src: usize, dst: usize, rows: i32, cols: i32): void {
  const cols4 = cols & ~3;
  const rs = <usize>cols << 2;
  memory.fill(dst, 0, rs);
  for (let i = 0; i < rows; i++) {
    const row = src + <usize>i * rs;
    let j = 0;
    for (; j < cols4; j += 4) {
      const o = <usize>j << 2;
      v128.store(dst + o, f32x4.add(v128.load(dst + o), v128.load(row + o)));
    }
    for (; j < cols; j++) {
      const o = <usize>j << 2;
      store<f32>(dst + o, load<f32>(dst + o) + load<f32>(row + o));
    }
  }
}

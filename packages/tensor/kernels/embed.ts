// AssemblyScript (compiled by kernels/build.mjs). Embedding gradient on the tfjs-wasm memory.

/**
 * dTable[v] = Σ_{i : ids[i] = v} dy[i] for a [V][d] table, adding rows in order of i (the order
 * in which oneHotᵀ·dy accumulates them). Ids outside [0, V) are skipped.
 */
export function scatterAddRows(ids: usize, dy: usize, dTable: usize, n: i32, V: i32, d: i32): void {
  const rs = <usize>d << 2;
  memory.fill(dTable, 0, <usize>V * rs);
  const d4 = d & ~3;
  for (let i = 0; i < n; i++) {
    const v = load<u32>(ids + (<usize>i << 2));
    if (v >= <u32>V) continue;
    const to = dTable + <usize>v * rs;
    const from = dy + <usize>i * rs;
    let c = 0;
    for (; c < d4; c += 4) {
      const o = <usize>c << 2;
      v128.store(to + o, f32x4.add(v128.load(to + o), v128.load(from + o)));
    }
    for (; c < d; c++) {
      const o = <usize>c << 2;
      store<f32>(to + o, load<f32>(to + o) + load<f32>(from + o));
    }
  }
}

// AssemblyScript (compiled by kernels/build.mjs). Row-wise top-k selection on the tfjs-wasm memory.

/** Inserts (val, col) into the sorted best list v/ix holding `n` entries (best first), keeping at most `cap`. */
// @ts-ignore: decorator
@inline function insertSorted(v: usize, ix: usize, n: i32, cap: i32, val: f32, col: i32): void {
  let p = n < cap ? n : cap - 1;
  // An equal value never moves ahead: columns arrive in increasing order, so ties keep the lower one.
  while (p > 0 && val > load<f32>(v + (<usize>(p - 1) << 2))) {
    store<f32>(v + (<usize>p << 2), load<f32>(v + (<usize>(p - 1) << 2)));
    store<i32>(ix + (<usize>p << 2), load<i32>(ix + (<usize>(p - 1) << 2)));
    p--;
  }
  store<f32>(v + (<usize>p << 2), val);
  store<i32>(ix + (<usize>p << 2), col);
}

/**
 * For each of `rows` rows of `cols` float32 at `x`, the `k` largest values, best first, ties to the
 * lower column — what tfjs's TopK returns — written to vals[r·k …] (f32) and idx[r·k …] (i32).
 * One pass per row: the best k so far stay sorted, the k-th is the threshold, and sixteen columns
 * at a time are compared with it in SIMD and skipped when none beats it (almost all, once the
 * threshold has risen), so a row costs about one vector compare per four scores plus O(k) per
 * insertion, instead of a full sort.
 */
export function topkRows(x: usize, vals: usize, idx: usize, rows: i32, cols: i32, k: i32): void {
  if (k <= 0) return;
  for (let r = 0; r < rows; r++) {
    const row = x + ((<usize>r * <usize>cols) << 2);
    const v = vals + ((<usize>r * <usize>k) << 2);
    const ix = idx + ((<usize>r * <usize>k) << 2);
    let c = 0;
    for (; c < k; c++) insertSorted(v, ix, c, k, load<f32>(row + (<usize>c << 2)), c);
    const last = v + (<usize>(k - 1) << 2);
    let th = load<f32>(last);
    let thv = f32x4.splat(th);
    for (; c + 16 <= cols; c += 16) {
      const p = row + (<usize>c << 2);
      const hit = v128.or(
        v128.or(f32x4.gt(v128.load(p), thv), f32x4.gt(v128.load(p, 16), thv)),
        v128.or(f32x4.gt(v128.load(p, 32), thv), f32x4.gt(v128.load(p, 48), thv)),
      );
      if (!v128.any_true(hit)) continue;
      for (let j = 0; j < 16; j++) {
        const val = load<f32>(p + (<usize>j << 2));
        if (val > th) {
          insertSorted(v, ix, k, k, val, c + j);
          th = load<f32>(last);
        }
      }
      thv = f32x4.splat(th);
    }
    for (; c < cols; c++) {
      const val = load<f32>(row + (<usize>c << 2));
      if (val > th) {
        insertSorted(v, ix, k, k, val, c);
        th = load<f32>(last);
      }
    }
  }
}

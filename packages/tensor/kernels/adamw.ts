// AssemblyScript (compiled by kernels/build.mjs). One AdamW step for one parameter tensor.

/**
 * m' = b1·m + (1−b1)·g; v' = b2·v + (1−b2)·g²; w' = w − lr·((m'/bc1)/(√(v'/bc2) + eps) + wd·w),
 * written to new buffers (w2, m2, v2) over n floats.
 */
export function adamwStep(
  w: usize, g: usize, m: usize, v: usize, w2: usize, m2: usize, v2: usize, n: i32,
  lr: f32, b1: f32, b2: f32, bc1: f32, bc2: f32, eps: f32, wd: f32,
): void {
  const B1 = f32x4.splat(b1);
  const C1 = f32x4.splat(1 - b1);
  const B2 = f32x4.splat(b2);
  const C2 = f32x4.splat(1 - b2);
  const BC1 = f32x4.splat(bc1);
  const BC2 = f32x4.splat(bc2);
  const EPS = f32x4.splat(eps);
  const WD = f32x4.splat(wd);
  const LR = f32x4.splat(lr);
  const n4 = n & ~3;
  let i = 0;
  for (; i < n4; i += 4) {
    const o = <usize>i << 2;
    const gi = v128.load(g + o);
    const wi = v128.load(w + o);
    const mi = f32x4.add(f32x4.mul(v128.load(m + o), B1), f32x4.mul(gi, C1));
    const vi = f32x4.add(f32x4.mul(v128.load(v + o), B2), f32x4.mul(f32x4.mul(gi, gi), C2));
    const upd = f32x4.div(f32x4.div(mi, BC1), f32x4.add(f32x4.sqrt(f32x4.div(vi, BC2)), EPS));
    v128.store(w2 + o, f32x4.sub(wi, f32x4.mul(f32x4.add(upd, f32x4.mul(wi, WD)), LR)));
    v128.store(m2 + o, mi);
    v128.store(v2 + o, vi);
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const gi = load<f32>(g + o);
    const wi = load<f32>(w + o);
    const mi = load<f32>(m + o) * b1 + gi * (1 - b1);
    const vi = load<f32>(v + o) * b2 + gi * gi * (1 - b2);
    const upd = mi / bc1 / (Mathf.sqrt(vi / bc2) + eps);
    store<f32>(w2 + o, wi - (upd + wi * wd) * lr);
    store<f32>(m2 + o, mi);
    store<f32>(v2 + o, vi);
  }
}

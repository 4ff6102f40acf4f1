// AssemblyScript (compiled by kernels/build.mjs). Softmax cross-entropy on the tfjs-wasm memory.
import { expNeg, expNeg1, hsum } from './simd';

/**
 * Per row i of logits [n][V]: lse_i = log Σ_j e^{x_ij} and nll_i = lse_i − x_i,t_i (t int32 targets;
 * a target outside [0, V) gives nll = lse).
 */
export function crossEntropyForward(logits: usize, targets: usize, nll: usize, lse: usize, n: i32, V: i32): void {
  const rs = <usize>V << 2;
  const V4 = V & ~3;
  for (let i = 0; i < n; i++) {
    const row = logits + <usize>i * rs;
    let mv = f32x4.splat(-Infinity);
    let j = 0;
    for (; j < V4; j += 4) mv = f32x4.max(mv, v128.load(row + (<usize>j << 2)));
    let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
    for (; j < V; j++) m = max(m, load<f32>(row + (<usize>j << 2)));
    const mm = f32x4.splat(m);
    let sv = f32x4.splat(0);
    j = 0;
    for (; j < V4; j += 4) sv = f32x4.add(sv, expNeg(f32x4.sub(v128.load(row + (<usize>j << 2)), mm)));
    let s = hsum(sv);
    for (; j < V; j++) s += expNeg1(load<f32>(row + (<usize>j << 2)) - m);
    const l = m + Mathf.log(s);
    store<f32>(lse + (<usize>i << 2), l);
    const t = load<u32>(targets + (<usize>i << 2));
    store<f32>(nll + (<usize>i << 2), t < <u32>V ? l - load<f32>(row + (<usize>t << 2)) : l);
  }
}

/** dlogits_ij = dnll_i · (e^{x_ij − lse_i} − [j = t_i]). */
export function crossEntropyBackward(logits: usize, targets: usize, lse: usize, dnll: usize, dlogits: usize, n: i32, V: i32): void {
  const rs = <usize>V << 2;
  const V4 = V & ~3;
  for (let i = 0; i < n; i++) {
    const row = logits + <usize>i * rs;
    const out = dlogits + <usize>i * rs;
    const l = load<f32>(lse + (<usize>i << 2));
    const g = load<f32>(dnll + (<usize>i << 2));
    const lv = f32x4.splat(l);
    const gv = f32x4.splat(g);
    let j = 0;
    for (; j < V4; j += 4) v128.store(out + (<usize>j << 2), f32x4.mul(gv, expNeg(f32x4.sub(v128.load(row + (<usize>j << 2)), lv))));
    for (; j < V; j++) store<f32>(out + (<usize>j << 2), g * expNeg1(load<f32>(row + (<usize>j << 2)) - l));
    const t = load<u32>(targets + (<usize>i << 2));
    if (t < <u32>V) store<f32>(out + (<usize>t << 2), load<f32>(out + (<usize>t << 2)) - g);
  }
}

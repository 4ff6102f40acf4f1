// AssemblyScript (compiled by kernels/build.mjs). GELU and layer norm on the tfjs-wasm memory.
import { expNeg, hsum } from './simd';

const GELU_C: f32 = 1.5957691216057308; // 2·√(2/π)
const GELU_A: f32 = 0.044715;

/** σ(z) lane-wise from e^{−|z|} (never overflows). */
// @ts-ignore: decorator
@inline function sigmoid(z: v128): v128 {
  const e = expNeg(f32x4.neg(f32x4.abs(z)));
  const r = f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), e));
  return v128.bitselect(r, f32x4.mul(e, r), f32x4.ge(z, f32x4.splat(0)));
}

// @ts-ignore: decorator
@inline function geluZ(x: v128): v128 {
  return f32x4.mul(f32x4.splat(GELU_C), f32x4.add(x, f32x4.mul(f32x4.splat(GELU_A), f32x4.mul(x, f32x4.mul(x, x)))));
}

/** y = x·σ(2·√(2/π)(x + 0.044715x³)) (GPT-2's tanh GELU) over n floats. */
export function geluForward(x: usize, y: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    const v = v128.load(x + o);
    v128.store(y + o, f32x4.mul(v, sigmoid(geluZ(v))));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    const v = f32x4.splat(load<f32>(x + o));
    store<f32>(y + o, f32x4.extract_lane(f32x4.mul(v, sigmoid(geluZ(v))), 0));
  }
}

// @ts-ignore: decorator
@inline function geluSlope(v: v128): v128 {
  const one = f32x4.splat(1);
  const s = sigmoid(geluZ(v));
  const dz = f32x4.mul(f32x4.splat(GELU_C), f32x4.add(one, f32x4.mul(f32x4.splat(3 * GELU_A), f32x4.mul(v, v))));
  return f32x4.add(s, f32x4.mul(f32x4.mul(v, f32x4.mul(s, f32x4.sub(one, s))), dz));
}

/** dx = dy · (σ + x·σ(1−σ)·c(1 + 3a·x²)) over n floats. */
export function geluBackward(x: usize, dy: usize, dx: usize, n: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < n4; i += 4) {
    const o = <usize>i << 2;
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), geluSlope(v128.load(x + o))));
  }
  for (let i = n4; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(dx + o, load<f32>(dy + o) * f32x4.extract_lane(geluSlope(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/** Layer norm over rows of D floats (D a multiple of 4): y = (x − μ)·r·g + b, r = 1/√(σ² + eps); saves μ and r. */
export function layerNormForward(x: usize, g: usize, b: usize, y: usize, mean: usize, rstd: usize, rows: i32, D: i32, eps: f32): void {
  const rs = <usize>D << 2;
  const invD = f32x4.splat(<f32>1 / <f32>D);
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * rs;
    const yi = y + <usize>i * rs;
    let acc = f32x4.splat(0);
    for (let c = 0; c < D; c += 4) acc = f32x4.add(acc, v128.load(xi + (<usize>c << 2)));
    const mu = hsum(acc) / <f32>D;
    const m = f32x4.splat(mu);
    let sq = f32x4.splat(0);
    for (let c = 0; c < D; c += 4) {
      const d = f32x4.sub(v128.load(xi + (<usize>c << 2)), m);
      sq = f32x4.add(sq, f32x4.mul(d, d));
    }
    const r = <f32>1 / Mathf.sqrt(hsum(f32x4.mul(sq, invD)) + eps);
    const rv = f32x4.splat(r);
    for (let c = 0; c < D; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xi + o), m), rv);
      v128.store(yi + o, f32x4.add(f32x4.mul(xh, v128.load(g + o)), v128.load(b + o)));
    }
    store<f32>(mean + (<usize>i << 2), mu);
    store<f32>(rstd + (<usize>i << 2), r);
  }
}

/**
 * Backward of {@link layerNormForward}: with x̂ = (x − μ)·r and ĝ = dy·g,
 * dx = r·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dg = Σ_rows dy·x̂; db = Σ_rows dy (rows added in order).
 */
export function layerNormBackward(
  x: usize, g: usize, mean: usize, rstd: usize, dy: usize, dx: usize, dg: usize, db: usize, rows: i32, D: i32,
): void {
  const rs = <usize>D << 2;
  memory.fill(dg, 0, rs);
  memory.fill(db, 0, rs);
  const invD: f32 = <f32>1 / <f32>D;
  for (let i = 0; i < rows; i++) {
    const xi = x + <usize>i * rs;
    const dyi = dy + <usize>i * rs;
    const dxi = dx + <usize>i * rs;
    const m = f32x4.splat(load<f32>(mean + (<usize>i << 2)));
    const r = load<f32>(rstd + (<usize>i << 2));
    const rv = f32x4.splat(r);
    let s1 = f32x4.splat(0);
    let s2 = f32x4.splat(0);
    for (let c = 0; c < D; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xi + o), m), rv);
      const d = v128.load(dyi + o);
      const gh = f32x4.mul(d, v128.load(g + o));
      s1 = f32x4.add(s1, gh);
      s2 = f32x4.add(s2, f32x4.mul(gh, xh));
      v128.store(dg + o, f32x4.add(v128.load(dg + o), f32x4.mul(d, xh)));
      v128.store(db + o, f32x4.add(v128.load(db + o), d));
    }
    const a = f32x4.splat(hsum(s1) * invD);
    const bq = f32x4.splat(hsum(s2) * invD);
    for (let c = 0; c < D; c += 4) {
      const o = <usize>c << 2;
      const xh = f32x4.mul(f32x4.sub(v128.load(xi + o), m), rv);
      const gh = f32x4.mul(v128.load(dyi + o), v128.load(g + o));
      v128.store(dxi + o, f32x4.mul(rv, f32x4.sub(f32x4.sub(gh, a), f32x4.mul(xh, bq))));
    }
  }
}

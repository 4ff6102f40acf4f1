// AssemblyScript helpers shared by the kernels: f32x4 arithmetic that binaryen inlines.

/** Sum of the four lanes of each of a0…a3, as one vector [Σa0, Σa1, Σa2, Σa3]. */
// @ts-ignore: decorator
@inline export function hsum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const s01 = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 4, 1, 5), v128.shuffle<f32>(a0, a1, 2, 6, 3, 7));
  const s23 = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 4, 1, 5), v128.shuffle<f32>(a2, a3, 2, 6, 3, 7));
  return f32x4.add(v128.shuffle<f32>(s01, s23, 0, 1, 4, 5), v128.shuffle<f32>(s01, s23, 2, 3, 6, 7));
}

/** Sum of the four lanes of a. */
// @ts-ignore: decorator
@inline export function hsum(a: v128): f32 {
  const s = f32x4.add(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1);
}

/** Dot product of two rows of n floats (n a multiple of 4). */
// @ts-ignore: decorator
@inline export function dot(a: usize, b: usize, n: i32): f32 {
  let acc = f32x4.splat(0);
  for (let c = 0; c < n; c += 4) acc = f32x4.add(acc, f32x4.mul(v128.load(a + (<usize>c << 2)), v128.load(b + (<usize>c << 2))));
  return hsum(acc);
}

/** y[0..n) += alpha · x[0..n) (n a multiple of 4). */
// @ts-ignore: decorator
@inline export function axpy(y: usize, alpha: f32, x: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  for (let c = 0; c < n; c += 4) {
    const o = <usize>c << 2;
    v128.store(y + o, f32x4.add(v128.load(y + o), f32x4.mul(a, v128.load(x + o))));
  }
}

/**
 * e^x lane-wise for x ≤ 0 (the softmax case): Cody–Waite reduction x = n·ln2 + r, |r| ≤ ln2/2,
 * a degree-6 polynomial for e^r (Cephes expf coefficients, ~1 ulp) and 2^n built in the exponent
 * bits. Lanes below −87 (e^x < 2⁻¹²⁶) give 0.
 */
// @ts-ignore: decorator
@inline export function expNeg(x: v128): v128 {
  const n = f32x4.nearest(f32x4.mul(x, f32x4.splat(1.44269504088896341)));
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1));
  const pow2n = i32x4.shl(i32x4.add(i32x4.trunc_sat_f32x4_s(n), i32x4.splat(127)), 23);
  const e = f32x4.mul(y, pow2n);
  return v128.andnot(e, f32x4.lt(x, f32x4.splat(-87)));
}

/** e^x for one x ≤ 0, by the same formula as {@link expNeg}. */
// @ts-ignore: decorator
@inline export function expNeg1(x: f32): f32 {
  return f32x4.extract_lane(expNeg(f32x4.splat(x)), 0);
}

// AssemblyScript (compiled by kernels/build.mjs). Fused causal attention on the tfjs-wasm memory.
//
// Layout: q, out, dout, dq are [BH][Tq][dh]; k, v, dk, dv are [BH][Tk][dh]; bias/dbias [H][Tq][Tk];
// lse [BH][Tq]. Query i sees keys j ≤ i + offset (offset = qStart − kStart ≥ 0), so masked scores
// are never computed. dh is a multiple of 4. `s` is scratch for one row of Tk floats.
import { axpy, dot, expNeg, expNeg1, hsum, hsum4 } from './simd';

/** s[j] = scale·(q_i · k_j) + bias_ij for j < nk; keys four at a time. */
// @ts-ignore: decorator
@inline function scoreRow(qi: usize, kb: usize, brow: usize, s: usize, nk: i32, dh: i32, scale: f32): void {
  const rs = <usize>dh << 2;
  const sc = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= nk; j += 4) {
    const k0 = kb + <usize>j * rs;
    const k1 = k0 + rs;
    const k2 = k1 + rs;
    const k3 = k2 + rs;
    let a0 = f32x4.splat(0);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    for (let c = 0; c < dh; c += 4) {
      const o = <usize>c << 2;
      const x = v128.load(qi + o);
      a0 = f32x4.add(a0, f32x4.mul(x, v128.load(k0 + o)));
      a1 = f32x4.add(a1, f32x4.mul(x, v128.load(k1 + o)));
      a2 = f32x4.add(a2, f32x4.mul(x, v128.load(k2 + o)));
      a3 = f32x4.add(a3, f32x4.mul(x, v128.load(k3 + o)));
    }
    let r = f32x4.mul(hsum4(a0, a1, a2, a3), sc);
    if (brow) r = f32x4.add(r, v128.load(brow + (<usize>j << 2)));
    v128.store(s + (<usize>j << 2), r);
  }
  for (; j < nk; j++) {
    let x = dot(qi, kb + <usize>j * rs, dh) * scale;
    if (brow) x += load<f32>(brow + (<usize>j << 2));
    store<f32>(s + (<usize>j << 2), x);
  }
}

/** Forward: out = softmax(scale·qkᵀ + bias, causal) · v, and lse = log Σ_j e^{score_ij} per row. */
export function attentionForward(
  q: usize, k: usize, v: usize, bias: usize, out: usize, lse: usize, s: usize,
  BH: i32, H: i32, Tq: i32, Tk: i32, dh: i32, offset: i32, scale: f32,
): void {
  const rs = <usize>dh << 2;
  for (let bh = 0; bh < BH; bh++) {
    const qb = q + <usize>bh * <usize>Tq * rs;
    const kb = k + <usize>bh * <usize>Tk * rs;
    const vb = v + <usize>bh * <usize>Tk * rs;
    const ob = out + <usize>bh * <usize>Tq * rs;
    const bb: usize = bias ? bias + (<usize>(bh % H) * <usize>Tq * <usize>Tk << 2) : 0;
    for (let i = 0; i < Tq; i++) {
      const nk = min(Tk, i + offset + 1);
      const qi = qb + <usize>i * rs;
      const oi = ob + <usize>i * rs;
      scoreRow(qi, kb, bb ? bb + (<usize>i * <usize>Tk << 2) : 0, s, nk, dh, scale);
      // Row maximum.
      let mv = f32x4.splat(-Infinity);
      let j = 0;
      for (; j + 4 <= nk; j += 4) mv = f32x4.max(mv, v128.load(s + (<usize>j << 2)));
      let m = max(max(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
      for (; j < nk; j++) m = max(m, load<f32>(s + (<usize>j << 2)));
      // p = e^{s − m} in place, and its sum.
      const mm = f32x4.splat(m);
      let lv = f32x4.splat(0);
      j = 0;
      for (; j + 4 <= nk; j += 4) {
        const e = expNeg(f32x4.sub(v128.load(s + (<usize>j << 2)), mm));
        v128.store(s + (<usize>j << 2), e);
        lv = f32x4.add(lv, e);
      }
      let l = hsum(lv);
      for (; j < nk; j++) {
        const e = expNeg1(load<f32>(s + (<usize>j << 2)) - m);
        store<f32>(s + (<usize>j << 2), e);
        l += e;
      }
      // out_i = Σ_j p_j v_j / l.
      memory.fill(oi, 0, rs);
      j = 0;
      for (; j + 4 <= nk; j += 4) {
        const p = v128.load(s + (<usize>j << 2));
        const p0 = f32x4.splat(f32x4.extract_lane(p, 0));
        const p1 = f32x4.splat(f32x4.extract_lane(p, 1));
        const p2 = f32x4.splat(f32x4.extract_lane(p, 2));
        const p3 = f32x4.splat(f32x4.extract_lane(p, 3));
        const v0 = vb + <usize>j * rs;
        const v1 = v0 + rs;
        const v2 = v1 + rs;
        const v3 = v2 + rs;
        for (let c = 0; c < dh; c += 4) {
          const o = <usize>c << 2;
          let acc = v128.load(oi + o);
          acc = f32x4.add(acc, f32x4.add(f32x4.add(f32x4.mul(p0, v128.load(v0 + o)), f32x4.mul(p1, v128.load(v1 + o))), f32x4.add(f32x4.mul(p2, v128.load(v2 + o)), f32x4.mul(p3, v128.load(v3 + o)))));
          v128.store(oi + o, acc);
        }
      }
      for (; j < nk; j++) axpy(oi, load<f32>(s + (<usize>j << 2)), vb + <usize>j * rs, dh);
      const inv = f32x4.splat(1 / l);
      for (let c = 0; c < dh; c += 4) v128.store(oi + (<usize>c << 2), f32x4.mul(v128.load(oi + (<usize>c << 2)), inv));
      store<f32>(lse + ((<usize>bh * <usize>Tq + <usize>i) << 2), m + Mathf.log(l));
    }
  }
}

/**
 * Backward of {@link attentionForward} from the forward's out and lse (probabilities recomputed):
 * with p_ij = e^{score_ij − lse_i} and D_i = dout_i·out_i, ds_ij = p_ij (dout_i·v_j − D_i);
 * dq_i = scale Σ_j ds_ij k_j, dk_j = scale Σ_i ds_ij q_i, dv_j = Σ_i p_ij dout_i, dbias_hij = Σ_b ds_ij.
 * dk, dv (and dbias when given) are overwritten.
 */
export function attentionBackward(
  q: usize, k: usize, v: usize, bias: usize, out: usize, lse: usize, dout: usize,
  dq: usize, dk: usize, dv: usize, dbias: usize, s: usize,
  BH: i32, H: i32, Tq: i32, Tk: i32, dh: i32, offset: i32, scale: f32,
): void {
  const rs = <usize>dh << 2;
  memory.fill(dk, 0, <usize>BH * <usize>Tk * rs);
  memory.fill(dv, 0, <usize>BH * <usize>Tk * rs);
  if (dbias) memory.fill(dbias, 0, <usize>H * <usize>Tq * <usize>Tk << 2);
  for (let bh = 0; bh < BH; bh++) {
    const qb = q + <usize>bh * <usize>Tq * rs;
    const kb = k + <usize>bh * <usize>Tk * rs;
    const vb = v + <usize>bh * <usize>Tk * rs;
    const dkb = dk + <usize>bh * <usize>Tk * rs;
    const dvb = dv + <usize>bh * <usize>Tk * rs;
    const hOff = <usize>(bh % H) * <usize>Tq * <usize>Tk << 2;
    for (let i = 0; i < Tq; i++) {
      const nk = min(Tk, i + offset + 1);
      const row = <usize>bh * <usize>Tq + <usize>i;
      const qi = qb + <usize>i * rs;
      const doi = dout + row * rs;
      const dqi = dq + row * rs;
      const rowOff = hOff + (<usize>i * <usize>Tk << 2);
      const dbRow: usize = dbias ? dbias + rowOff : 0;
      scoreRow(qi, kb, bias ? bias + rowOff : 0, s, nk, dh, scale);
      const li = load<f32>(lse + (row << 2));
      const Di = dot(doi, out + row * rs, dh);
      const liv = f32x4.splat(li);
      const Dv = f32x4.splat(Di);
      const sc = f32x4.splat(scale);
      memory.fill(dqi, 0, rs);
      let j = 0;
      for (; j + 4 <= nk; j += 4) {
        const p = expNeg(f32x4.sub(v128.load(s + (<usize>j << 2)), liv));
        const v0 = vb + <usize>j * rs;
        const v1 = v0 + rs;
        const v2 = v1 + rs;
        const v3 = v2 + rs;
        let a0 = f32x4.splat(0);
        let a1 = a0;
        let a2 = a0;
        let a3 = a0;
        for (let c = 0; c < dh; c += 4) {
          const o = <usize>c << 2;
          const x = v128.load(doi + o);
          a0 = f32x4.add(a0, f32x4.mul(x, v128.load(v0 + o)));
          a1 = f32x4.add(a1, f32x4.mul(x, v128.load(v1 + o)));
          a2 = f32x4.add(a2, f32x4.mul(x, v128.load(v2 + o)));
          a3 = f32x4.add(a3, f32x4.mul(x, v128.load(v3 + o)));
        }
        const ds = f32x4.mul(p, f32x4.sub(hsum4(a0, a1, a2, a3), Dv));
        if (dbRow) {
          const at = dbRow + (<usize>j << 2);
          v128.store(at, f32x4.add(v128.load(at), ds));
        }
        const g = f32x4.mul(ds, sc);
        const g0 = f32x4.splat(f32x4.extract_lane(g, 0));
        const g1 = f32x4.splat(f32x4.extract_lane(g, 1));
        const g2 = f32x4.splat(f32x4.extract_lane(g, 2));
        const g3 = f32x4.splat(f32x4.extract_lane(g, 3));
        const p0 = f32x4.splat(f32x4.extract_lane(p, 0));
        const p1 = f32x4.splat(f32x4.extract_lane(p, 1));
        const p2 = f32x4.splat(f32x4.extract_lane(p, 2));
        const p3 = f32x4.splat(f32x4.extract_lane(p, 3));
        const k0 = kb + <usize>j * rs;
        const k1 = k0 + rs;
        const k2 = k1 + rs;
        const k3 = k2 + rs;
        const dk0 = dkb + <usize>j * rs;
        const dk1 = dk0 + rs;
        const dk2 = dk1 + rs;
        const dk3 = dk2 + rs;
        const dv0 = dvb + <usize>j * rs;
        const dv1 = dv0 + rs;
        const dv2 = dv1 + rs;
        const dv3 = dv2 + rs;
        for (let c = 0; c < dh; c += 4) {
          const o = <usize>c << 2;
          const x = v128.load(qi + o);
          const y = v128.load(doi + o);
          let acc = v128.load(dqi + o);
          acc = f32x4.add(acc, f32x4.add(f32x4.add(f32x4.mul(g0, v128.load(k0 + o)), f32x4.mul(g1, v128.load(k1 + o))), f32x4.add(f32x4.mul(g2, v128.load(k2 + o)), f32x4.mul(g3, v128.load(k3 + o)))));
          v128.store(dqi + o, acc);
          v128.store(dk0 + o, f32x4.add(v128.load(dk0 + o), f32x4.mul(g0, x)));
          v128.store(dk1 + o, f32x4.add(v128.load(dk1 + o), f32x4.mul(g1, x)));
          v128.store(dk2 + o, f32x4.add(v128.load(dk2 + o), f32x4.mul(g2, x)));
          v128.store(dk3 + o, f32x4.add(v128.load(dk3 + o), f32x4.mul(g3, x)));
          v128.store(dv0 + o, f32x4.add(v128.load(dv0 + o), f32x4.mul(p0, y)));
          v128.store(dv1 + o, f32x4.add(v128.load(dv1 + o), f32x4.mul(p1, y)));
          v128.store(dv2 + o, f32x4.add(v128.load(dv2 + o), f32x4.mul(p2, y)));
          v128.store(dv3 + o, f32x4.add(v128.load(dv3 + o), f32x4.mul(p3, y)));
        }
      }
      for (; j < nk; j++) {
        const p = expNeg1(load<f32>(s + (<usize>j << 2)) - li);
        const ds = p * (dot(doi, vb + <usize>j * rs, dh) - Di);
        if (dbRow) store<f32>(dbRow + (<usize>j << 2), load<f32>(dbRow + (<usize>j << 2)) + ds);
        axpy(dqi, ds * scale, kb + <usize>j * rs, dh);
        axpy(dkb + <usize>j * rs, ds * scale, qi, dh);
        axpy(dvb + <usize>j * rs, p, doi, dh);
      }
    }
  }
}

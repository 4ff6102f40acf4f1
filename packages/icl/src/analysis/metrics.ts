/**
 * The ICL-vs-finetuning metrics of Dai et al. (2023, §5), following the reference code
 * (microsoft/LMOps understand_icl): plain functions of per-example results.
 */
import { cosine } from '../linalg/matrix.js';

function unit(v: ArrayLike<number>): Float64Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  return Float64Array.from(v as ArrayLike<number>, (x) => (n === 0 ? 0 : x / n));
}

/**
 * Rec2FTP = N[(FT > ZSL) ∧ (ICL > ZSL)] / N[FT > ZSL]: of the examples finetuning fixes
 * (ZSL wrong, FT right), the share ICL also fixes. `null` when FT fixes nothing (undefined).
 */
export function rec2ftp(zsl: readonly boolean[], icl: readonly boolean[], ft: readonly boolean[]): number | null {
  let fixed = 0;
  let both = 0;
  for (let i = 0; i < zsl.length; i++) {
    if (!zsl[i] && ft[i]) {
      fixed++;
      if (icl[i]) both++;
    }
  }
  return fixed === 0 ? null : both / fixed;
}

/**
 * SimAOU of one layer and example: cosine(ĥ_ICL − ĥ_ZSL, ĥ_FT − ĥ_ZSL) where ĥ is the attention
 * output at the last position scaled to unit length (as the reference does).
 */
export function simAou(zsl: ArrayLike<number>, icl: ArrayLike<number>, ft: ArrayLike<number>): number {
  const z = unit(zsl);
  const i = unit(icl);
  const f = unit(ft);
  return cosine(
    i.map((v, k) => v - z[k]!),
    f.map((v, k) => v - z[k]!),
  );
}

/**
 * SimAM of one layer and example: the cosine of two pre-softmax attention maps (last position
 * over the query's tokens), per head, averaged over heads. `a[h]` and `b[h]` are head h's maps.
 */
export function simAm(a: readonly ArrayLike<number>[], b: readonly ArrayLike<number>[]): number {
  let s = 0;
  for (let h = 0; h < a.length; h++) s += cosine(a[h]!, b[h]!);
  return s / a.length;
}

/** Mean of finite numbers (null entries skipped); null when there are none. */
export function mean(values: readonly (number | null)[]): number | null {
  let s = 0;
  let n = 0;
  for (const v of values) {
    if (v !== null && Number.isFinite(v)) {
      s += v;
      n++;
    }
  }
  return n === 0 ? null : s / n;
}

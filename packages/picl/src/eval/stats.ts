/** Two-sided 97.5% quantiles of Student's t for 1 … 30 degrees of freedom (standard tables). */
const T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

/** A mean with its 95% confidence interval (Student's t over the values; null bounds for fewer than 2 values). */
export interface MeanCi {
  mean: number;
  low: number | null;
  high: number | null;
  /** Number of values. */
  n: number;
}

/** The 0.975 quantile of Student's t with `df` degrees of freedom (1.96 beyond 30). */
export function tQuantile975(df: number): number {
  return df >= 1 && df <= 30 ? (T975[df - 1] as number) : 1.96;
}

/** Mean and 95% t-interval of `xs` (e.g. one value per pre-training seed). */
export function meanCi(xs: readonly number[]): MeanCi {
  const n = xs.length;
  const mean = n ? xs.reduce((a, b) => a + b, 0) / n : NaN;
  if (n < 2) return { mean, low: null, high: null, n };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** True when two intervals do not overlap (both must have bounds). */
export function separated(a: MeanCi, b: MeanCi): boolean {
  if (a.low === null || a.high === null || b.low === null || b.high === null) return false;
  return a.low > b.high || b.low > a.high;
}

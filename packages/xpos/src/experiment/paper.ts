/**
 * Numbers printed in "A Length-Extrapolatable Transformer" (Sun et al., ACL 2023, arXiv
 * 2212.10554). Models trained at length 1024 on arXiv; evaluation at 256 … 4096 = L/4 … 4L.
 */
export const PAPER_NUMBERS = {
  /** Where the numbers come from. */
  source: 'arXiv 2212.10554',
  /** Evaluation lengths of Table 2 as multiples of the training length 1024. */
  evalMultiples: [0.25, 0.5, 1, 2, 4],
  /** Table 2: perplexity at 256/512/1024/2048/4096 (trained at 1024). */
  table2Ppl: {
    sinusoidal: [46.34, 36.39, 29.94, 132.63, 1283.79], // "Transformer" (absolute positions)
    alibi: [37.66, 29.92, 24.99, 23.14, 24.26], // "Alibi"
    rope: [38.09, 30.38, 25.52, 73.6, 294.45], // "Roformer" (RoPE)
    'xpos+bca': [34.3, 27.55, 23.31, 21.6, 20.73], // "LEX Transformer" (XPOS + BCA)
  } as Record<string, readonly (number | null)[]>,
  /** Table 5 (ablation): perplexity at 2048/4096 only; earlier lengths not listed here. */
  table5Ppl: {
    'rope+bca': [null, null, null, 25.57, 25.65], // "RoPE + BCA"
    xpos: [null, null, null, 22.56, 28.43], // "xPos without BCA"
  } as Record<string, readonly (number | null)[]>,
  /** Table 3: attention resolution at 1024 (= L) and 2048 (= 2L); the paper's scaling is unstated. */
  table3Resolution: {
    sinusoidal: { atL: 0.87, at2L: 0.28 }, // "Transformer"
    alibi: { atL: 0.81, at2L: 0.88 }, // "Alibi"
    rope: { atL: 0.91, at2L: 0.08 }, // "Roformer"
    'xpos+bca': { atL: 0.98, at2L: 1.08 }, // "LEX Transformer"
    xpos: { atL: 0.98, at2L: 0.54 }, // "− BCA"
  } as Record<string, { atL: number; at2L: number }>,
} as const;

/** The paper's perplexity for a variant at multiple index i (Table 2, else Table 5), with its table. */
export function paperPpl(variant: string, i: number): { value: number; table: string } | null {
  const t2 = PAPER_NUMBERS.table2Ppl[variant]?.[i];
  if (t2 !== undefined && t2 !== null) return { value: t2, table: `Table 2 (${PAPER_NUMBERS.source})` };
  const t5 = PAPER_NUMBERS.table5Ppl[variant]?.[i];
  if (t5 !== undefined && t5 !== null) return { value: t5, table: `Table 5 (${PAPER_NUMBERS.source})` };
  return null;
}

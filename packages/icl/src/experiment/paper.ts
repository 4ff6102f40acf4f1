/**
 * The paper's averages (Dai et al. 2023, arXiv 2212.10559, §5: averages over its six
 * classification datasets) for the two GPT models it analyses, in the order the paper lists
 * them (GPT 1.3B, then GPT 2.7B). Values as recorded in shared/PAPERS.md §4, which does not name
 * the models; the per-model attribution (1.3B: 85.56%, 0.186, .338 → .442; 2.7B: 89.39%, 0.225,
 * .355 → .434) was checked against third-party summaries of the paper, not its table itself.
 */
export const PAPER_NUMBERS = {
  /** Where the §5 averages come from. */
  source: 'Dai et al. 2023 (arXiv 2212.10559) §5 averages',
  /** Rec2FTP, GPT 1.3B / GPT 2.7B. */
  rec2ftp: [0.8556, 0.8939],
  /** SimAOU, GPT 1.3B / GPT 2.7B. */
  simAou: [0.186, 0.225],
  /** SimAM before (ICL vs ZSL), GPT 1.3B / GPT 2.7B. */
  simAmBefore: [0.338, 0.355],
  /** SimAM after (ICL vs FT), GPT 1.3B / GPT 2.7B. */
  // biome-ignore lint/suspicious/noApproximativeNumericConstant: the paper's value, not log10(e)
  simAmAfter: [0.442, 0.434],
  /** Momentum attention (§6): perplexity without → with. */
  momentumPpl: [15.14, 15.02],
  /** Momentum attention (§6): average ICL accuracy (%) without → with. */
  momentumIcl: [51.9, 54.7],
} as const;

/**
 * The paper's averages (Dai et al. 2023, arXiv 2212.10559, §5: averages over its six
 * classification datasets) for the two GPT models it analyses, in the order the paper lists
 * them (GPT 1.3B, then GPT 2.7B). Values as recorded in shared/PAPERS.md §4, which does not name
 * the models; the per-model attribution (1.3B: 85.56%, 0.186, .338 → .442; 2.7B: 89.39%, 0.225,
 * .355 → .434) was checked against third-party summaries of the paper, not its table itself.
 */
export const PAPER_TABLE = 'Dai et al. 2023 (arXiv 2212.10559) §5 averages';
/** Rec2FTP, GPT 1.3B / GPT 2.7B. */
export const PAPER_REC2FTP = [0.8556, 0.8939] as const;
/** SimAOU, GPT 1.3B / GPT 2.7B. */
export const PAPER_SIMAOU = [0.186, 0.225] as const;
/** SimAM before (ICL vs ZSL), GPT 1.3B / GPT 2.7B. */
export const PAPER_SIMAM_BEFORE = [0.338, 0.355] as const;
/** SimAM after (ICL vs FT), GPT 1.3B / GPT 2.7B. */
export const PAPER_SIMAM_AFTER = [0.442, 0.434] as const;
/** Momentum attention (paper §6): perplexity without → with. */
export const PAPER_MOMENTUM_PPL = [15.14, 15.02] as const;
/** Momentum attention (paper §6): average ICL accuracy (%) without → with. */
export const PAPER_MOMENTUM_ICL = [51.9, 54.7] as const;

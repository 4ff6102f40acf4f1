/**
 * CodeExecutor's numbers the report compares against (arXiv 2305.05383, Table 2; percentages).
 */

/** Where the numbers come from. */
export const PAPER_TABLE = 'Table 2 (arXiv 2305.05383)';

/** CodeExecutor, Tutorial set: output accuracy. Table 2. */
export const PAPER_TUTORIAL_OUTPUT_ACC = 76.42;
/** Codex, Tutorial set: output accuracy (the paper's baseline). Table 2. */
export const PAPER_TUTORIAL_OUTPUT_ACC_CODEX = 13.07;
/** CodeExecutor, CodeNetMut: output accuracy. Table 2. */
export const PAPER_CODENETMUT_OUTPUT_ACC = 48.06;
/** CodeExecutor, SingleLine: about 94% of the transformations executed correctly (Table 2, rounded as the paper's text states it). */
export const PAPER_SINGLELINE_ACC = 94;

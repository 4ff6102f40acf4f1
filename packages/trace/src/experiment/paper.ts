/**
 * CodeExecutor's numbers the report compares against (arXiv 2305.05383, Table 2; percentages).
 * Browser-safe.
 */

/** The paper's numbers used by the trace experiment's report. */
export const PAPER_NUMBERS = {
  /** Where the numbers come from. */
  table: 'Table 2 (arXiv 2305.05383)',
  /** CodeExecutor, Tutorial set: output accuracy. Table 2. */
  tutorialOutputAcc: 76.42,
  /** Codex, Tutorial set: output accuracy (the paper's baseline). Table 2. */
  tutorialOutputAccCodex: 13.07,
  /** CodeExecutor, CodeNetMut: output accuracy. Table 2. */
  codenetMutOutputAcc: 48.06,
  /** CodeExecutor, SingleLine: about 94% of the transformations executed correctly (Table 2, rounded as the paper's text states it). */
  singlelineAcc: 94,
} as const;

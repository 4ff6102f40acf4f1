/** The paper's numbers the PICL experiment is compared with (PICL, arXiv 2305.09137). */
export const PAPER_NUMBERS = {
  /** Where the numbers come from. */
  source: 'PICL (arXiv 2305.09137)',
  /** Table 1: average 4-shot accuracy (%) over the paper's evaluation tasks. */
  table1FourShot: { vanillaIcl: 55.2, metaIcl: 60.0, picl: 64.4 },
  /** Retriever ablation: 4-shot average accuracy (%) with instances from each retriever. */
  retrieverAblationFourShot: { random: 56.7, bm25: 59.2, piclRetriever: 64.4 },
  /** §3: the loss filter keeps about 76% of instances. */
  filterKeptFraction: 0.76,
} as const;

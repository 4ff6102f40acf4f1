/** PICL, Table 1 (arXiv 2305.09137): average 4-shot accuracy over the paper's evaluation tasks. */
export const PAPER_TABLE1_4SHOT = { vanillaIcl: 55.2, metaIcl: 60.0, picl: 64.4 } as const;

/** PICL's retriever ablation (arXiv 2305.09137): 4-shot average with instances from each retriever. */
export const PAPER_RETRIEVER_ABLATION_4SHOT = { random: 56.7, bm25: 59.2, piclRetriever: 64.4 } as const;

/** PICL's loss filter keeps about 76% of instances (arXiv 2305.09137, §3). */
export const PAPER_FILTER_KEPT = 0.76;

/** Where the numbers above come from. */
export const PAPER_SOURCE = 'PICL (arXiv 2305.09137)';

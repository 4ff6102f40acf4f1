import type { ParagraphRetriever } from '../retrieve/retriever.js';

/** Same-task precision at several k, averaged over queries. */
export interface PrecisionResult {
  retriever: string;
  queries: number;
  /** k → mean fraction of the top k that share the query's task. */
  precision: Record<number, number>;
}

/**
 * Same-task precision@k: for each query position, the fraction of its `k` nearest other paragraphs
 * whose task equals the query's (`taskOf` is evaluation metadata, read only here).
 */
export function sameTaskPrecision(
  retriever: ParagraphRetriever,
  queries: number[],
  taskOf: (position: number) => string,
  ks: number[] = [1, 5, 20],
): PrecisionResult {
  const kMax = Math.max(...ks);
  const sums = ks.map(() => 0);
  for (const q of queries) {
    const hits = retriever.neighbours(q, kMax);
    const task = taskOf(q);
    let same = 0;
    let ki = 0;
    const sorted = [...ks].map((k, i) => ({ k, i })).sort((a, b) => a.k - b.k);
    hits.forEach((h, rank) => {
      if (taskOf(h.label) === task) same++;
      while (ki < sorted.length && sorted[ki]!.k === rank + 1) {
        sums[sorted[ki]!.i] = (sums[sorted[ki]!.i] as number) + same / (rank + 1);
        ki++;
      }
    });
  }
  const precision: Record<number, number> = {};
  ks.forEach((k, i) => (precision[k] = (sums[i] as number) / Math.max(1, queries.length)));
  return { retriever: retriever.name, queries: queries.length, precision };
}

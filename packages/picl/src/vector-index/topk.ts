/** One search result: the item's position in the index and its score (higher = more similar). */
export interface IndexHit {
  /** Label (insertion position) of the item. */
  label: number;
  /** Inner product with the query (cosine for unit vectors). */
  score: number;
}

/**
 * The `k` highest scores of `scores` (excluding `exclude`), best first; ties go to the lower index,
 * so the result is deterministic.
 */
export function topK(scores: ArrayLike<number>, k: number, exclude = -1): IndexHit[] {
  const heap: IndexHit[] = []; // min-heap on (score, -label)
  const worse = (a: IndexHit, b: IndexHit): boolean => a.score < b.score || (a.score === b.score && a.label > b.label);
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (let i = 0; i < scores.length; i++) {
    if (i === exclude) continue;
    const hit = { label: i, score: scores[i] as number };
    if (heap.length < k) {
      heap.push(hit);
      for (let j = heap.length - 1; j > 0; ) {
        const p = (j - 1) >> 1;
        if (!worse(heap[j]!, heap[p]!)) break;
        [heap[j], heap[p]] = [heap[p]!, heap[j]!];
        j = p;
      }
    } else if (k > 0 && worse(heap[0]!, hit)) {
      heap[0] = hit;
      siftDown(0);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.label - b.label);
}

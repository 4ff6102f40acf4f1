/**
 * Batches by token budget: examples of similar length go together (sorted by length, a random
 * window of neighbours), and the number of examples per batch is what fits `budget` tokens
 * including padding. Short SingleLine programs then come many to a batch and long Tutorial ones
 * few, with almost no padding. Browser-safe.
 */
import { ArgumentError, type Rng } from '@lmkit/tensor';
import type { EncodedExample } from './examples.js';

/** Examples of one data source, sorted by length for windowed sampling. */
export class LengthPool {
  /** Examples sorted by length (ties keep their input order). */
  readonly sorted: readonly EncodedExample[];

  constructor(
    readonly name: string,
    examples: readonly EncodedExample[],
  ) {
    if (examples.length === 0) throw new ArgumentError(`data source "${name}" has no examples that fit the model`);
    this.sorted = examples.map((e, i) => [e, i] as const).sort((a, b) => a[0].ids.length - b[0].ids.length || a[1] - b[1]).map(([e]) => e);
  }

  /** Total tokens of the pool (for statistics). */
  get tokens(): number {
    return this.sorted.reduce((a, e) => a + e.ids.length, 0);
  }

  /**
   * A batch of neighbours in length around a random pivot: as many as fit `budget` tokens once
   * padded to the longest (at least one, at most `maxExamples`). Their order is shuffled.
   */
  sample(r: Rng, budget: number, maxExamples = 512): EncodedExample[] {
    const n = this.sorted.length;
    const pivot = r.int(n);
    const len = (i: number): number => this.sorted[i]!.ids.length;
    // Grow a window [lo, hi] around the pivot while (count × longest) stays within budget.
    let lo = pivot;
    let hi = pivot;
    for (;;) {
      const count = hi - lo + 1;
      if (count >= maxExamples) break;
      const canUp = hi + 1 < n && (count + 1) * len(hi + 1) <= budget;
      const canDown = lo > 0 && (count + 1) * len(hi) <= budget;
      if (!canUp && !canDown) break;
      if (canUp && (!canDown || r.next() < 0.5)) hi++;
      else lo--;
    }
    return r.shuffle(this.sorted.slice(lo, hi + 1));
  }
}

/**
 * Max-heap of (count, key) pairs ordered by count, ties broken by the smaller key, used by the
 * BPE trainer with lazy deletion (stale entries are skipped by the caller).
 */
export class PairHeap {
  private counts: number[] = [];
  private keys: number[] = [];

  get size(): number {
    return this.counts.length;
  }

  push(count: number, key: number): void {
    this.counts.push(count);
    this.keys.push(key);
    let i = this.counts.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.before(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  /** Removes and returns the top entry, or undefined when empty. */
  pop(): { count: number; key: number } | undefined {
    const n = this.counts.length;
    if (n === 0) return undefined;
    const top = { count: this.counts[0] as number, key: this.keys[0] as number };
    const lastC = this.counts.pop() as number;
    const lastK = this.keys.pop() as number;
    if (n > 1) {
      this.counts[0] = lastC;
      this.keys[0] = lastK;
      let i = 0;
      const m = n - 1;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < m && this.before(l, best)) best = l;
        if (r < m && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private before(i: number, j: number): boolean {
    const ci = this.counts[i] as number;
    const cj = this.counts[j] as number;
    return ci > cj || (ci === cj && (this.keys[i] as number) < (this.keys[j] as number));
  }

  private swap(i: number, j: number): void {
    const c = this.counts[i] as number;
    this.counts[i] = this.counts[j] as number;
    this.counts[j] = c;
    const k = this.keys[i] as number;
    this.keys[i] = this.keys[j] as number;
    this.keys[j] = k;
  }
}

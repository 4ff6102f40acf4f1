import { ArgumentError } from '../errors.js';

/** Part `index` (1-based) of `count` equal parts of a job, as given by `--shard k/n`. */
export interface Shard {
  /** Which part, 1 … count. */
  index: number;
  /** How many parts. */
  count: number;
}

/** Parses `k/n` (1 ≤ k ≤ n). Throws `LMKIT_BAD_ARGUMENT` showing the expected form. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new ArgumentError(`--shard must be k/n with 1 ≤ k ≤ n (e.g. 2/4), got "${text}"`);
  return { index, count };
}

/** Positions `0 … total−1` that belong to `shard`, round-robin (balanced shards); every position without a shard. */
export function shardPositions(total: number, shard?: Shard): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (!shard || i % shard.count === shard.index - 1) out.push(i);
  return out;
}

/** Index range `[from, to)` of `shard` of `size` items: contiguous, so shards 1 … n concatenate in order. */
export function shardRange(size: number, shard: Shard = { index: 1, count: 1 }): { from: number; to: number } {
  return { from: Math.floor(((shard.index - 1) * size) / shard.count), to: Math.floor((shard.index * size) / shard.count) };
}

import { PiclError } from './errors.js';

/** Shard `index` (1-based) of `count`, as given by `--shard k/n`. */
export interface Shard {
  index: number;
  count: number;
}

/** Parses `k/n` (1 ≤ k ≤ n). Throws `LMKIT_BAD_ARGUMENT` with the expected form. */
export function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) throw new PiclError('LMKIT_BAD_ARGUMENT', `--shard must look like k/n with 1 ≤ k ≤ n (e.g. 2/4), got "${text}"`);
  return { index, count };
}

/** Positions `0 … total−1` that belong to `shard` (round-robin, so shards are balanced). */
export function shardPositions(total: number, shard?: Shard): number[] {
  const out: number[] = [];
  for (let i = 0; i < total; i++) if (!shard || i % shard.count === shard.index - 1) out.push(i);
  return out;
}

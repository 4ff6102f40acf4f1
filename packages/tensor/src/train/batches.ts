import { ArgumentError } from '../errors.js';
import { Rng } from '../random/rng.js';
import type { Batch } from './trainer.js';

/**
 * Samples a language-modelling batch of `batchSize` random windows of `seqLen + 1` tokens from
 * a token stream. Deterministic in (`seed`, `step`), so a resumed run sees the same batches.
 */
export function sampleLmBatch(tokens: ArrayLike<number>, batchSize: number, seqLen: number, seed: number, step: number): Batch {
  if (tokens.length < seqLen + 1) {
    throw new ArgumentError(`token stream has ${tokens.length} tokens, need at least seqLen + 1 = ${seqLen + 1}`);
  }
  const rng = new Rng((seed * 1_000_003 + step) >>> 0);
  const inputs: number[][] = [];
  const targets: number[][] = [];
  for (let b = 0; b < batchSize; b++) {
    const start = rng.int(tokens.length - seqLen);
    const inp: number[] = new Array(seqLen);
    const tgt: number[] = new Array(seqLen);
    for (let i = 0; i < seqLen; i++) {
      inp[i] = tokens[start + i] as number;
      tgt[i] = tokens[start + i + 1] as number;
    }
    inputs.push(inp);
    targets.push(tgt);
  }
  return { inputs, targets };
}

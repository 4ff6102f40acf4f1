import type { AttentionInputs, AttentionPattern, AttentionResult } from '@lmkit/tensor';
import { bcaBlockSize } from './geometry.js';
import { bcaBlocked } from './blocked.js';
import { bcaLoop } from './loop.js';

/** Options of {@link bca}. */
export interface BcaOptions {
  /**
   * Blocks per batched chunk of a full forward pass: default as many as keep the scores
   * cache-sized; `Infinity` computes every block in one piece (the unchunked baseline of the bench).
   */
  chunkBlocks?: number;
}

/**
 * Blockwise causal attention (BCA, arXiv 2212.10554 §3.2) for training length `windowLength` = w:
 * positions are cut into blocks of w/2 (from position 0); a query attends causally inside its own
 * block and to the whole previous block, so it never sees more than w keys.
 *
 * Computed block by block: each block of queries is matched against at most two blocks of keys,
 * so time and memory are O(N·w·d) and no N×N matrix is built. When queries and keys cover the same
 * positions (a full forward pass) the blocks go through batched matMuls, in chunks of blocks whose
 * scores stay cache-sized so time grows linearly with N; otherwise (a KV cache: queries later than
 * the first key) a loop over query blocks. ALiBi works through the bias
 * callback, asked for each block's sub-range.
 *
 * With `wantScores`, scores come back in the standard `[B, H, Tq, Tk]` layout (entries outside the
 * BCA window set to `MASKED_SCORE`), so `attentionResolution` and `Transformer.forward(…, {collect})`
 * read them like dense scores. That one output is O(N²): request it only at evaluation lengths.
 */
export function bca(windowLength: number, options: BcaOptions = {}): AttentionPattern {
  const block = bcaBlockSize(windowLength);
  const { chunkBlocks } = options;
  return {
    name: 'bca',
    attend(inputs: AttentionInputs): AttentionResult {
      const { q, k, v, qStart, kStart, bias, wantScores } = inputs;
      if (!wantScores && qStart === kStart && q.shape[2] === k.shape[2]) return { out: bcaBlocked(q, k, v, qStart, block, bias, chunkBlocks) };
      return bcaLoop(inputs, block);
    },
  };
}

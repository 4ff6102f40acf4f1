import { perplexity, type AttentionPattern, type Transformer } from '@lmkit/tensor';
import { ensure } from '../errors.js';

/**
 * Perplexity of `model` on non-overlapping windows of `length` tokens cut from the first
 * `maxTokens` tokens of `tokens` (every target in a window is scored, its context being the
 * window's earlier tokens). Every evaluation length scores the same tokens. Windows run
 * `batchSize` at a time (default: about 2048 tokens per forward pass). A whole number of windows
 * is cut and handed to @lmkit/tensor's `perplexity`, so no window is shifted or partly scored.
 */
export function windowPerplexity(
  model: Transformer,
  tokens: ArrayLike<number>,
  length: number,
  options: { maxTokens: number; pattern?: AttentionPattern; batchSize?: number },
): { ppl: number; meanNll: number; tokens: number } {
  ensure(Number.isInteger(length) && length >= 1, `windowPerplexity: length must be a positive integer, got ${length}`);
  const span = Math.min(options.maxTokens, tokens.length - 1);
  const windows = Math.floor(span / length);
  ensure(windows >= 1, `windowPerplexity: ${tokens.length} tokens do not fill one window of ${length}`);
  const batchSize = Math.max(1, options.batchSize ?? Math.max(1, Math.floor(2048 / length)));
  // windows·length inputs plus the last target.
  const prefix = Array.from({ length: windows * length + 1 }, (_, i) => tokens[i] as number);
  return perplexity(model, prefix, { seqLen: length, batchSize, ...(options.pattern ? { pattern: options.pattern } : {}) });
}

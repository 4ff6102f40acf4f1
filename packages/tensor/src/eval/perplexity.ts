import * as tf from '@tensorflow/tfjs';
import type { AttentionPattern } from '../attention/types.js';
import { ArgumentError } from '../errors.js';
import type { Transformer } from '../model/transformer.js';

/** Options of {@link perplexity}. */
export interface PerplexityOptions {
  /** Context length of each evaluation window. */
  seqLen: number;
  /** Windows per forward pass. Default 8. */
  batchSize?: number;
  /** Attention pattern to evaluate with (default: the model's). */
  pattern?: AttentionPattern;
  /**
   * Distance between window starts. Default `seqLen`: non-overlapping windows, each token is
   * predicted once with the context available inside its window (0 … seqLen−1 tokens). A smaller
   * stride gives later tokens more context (sliding window) at more compute; each token is still
   * scored exactly once.
   */
  stride?: number;
}

/** Result of {@link perplexity}. */
export interface PerplexityResult {
  /** exp(meanNll). */
  ppl: number;
  /** Mean next-token negative log-likelihood, nats. */
  meanNll: number;
  /** Number of predicted (scored) tokens: `tokens.length − 1`. */
  tokens: number;
}

/** One evaluation window of {@link perplexityWindows}. */
export interface PerplexityWindow {
  /** Index in the token stream of the window's first input token. */
  start: number;
  /** Input tokens in the window. */
  length: number;
  /** Index inside the window of the first target that is scored. */
  from: number;
}

/**
 * The evaluation windows: every target `1 … n−1` is scored exactly once. Windows start every
 * `stride` tokens; the last one is moved back so it still has `seqLen` tokens of input, and it
 * scores only targets no earlier window scored.
 */
export function perplexityWindows(n: number, seqLen: number, stride: number): PerplexityWindow[] {
  const windows: PerplexityWindow[] = [];
  let scored = 1; // next token index to predict
  let start = 0;
  for (;;) {
    const end = Math.min(start + seqLen, n - 1); // inputs start…end−1 predict start+1…end
    windows.push({ start, length: end - start, from: scored - (start + 1) });
    scored = end + 1;
    if (scored >= n) return windows;
    start += stride;
    if (start + seqLen > n - 1) start = Math.max(0, n - 1 - seqLen);
  }
}

/**
 * Perplexity of `model` on a token stream, by windows of `seqLen` tokens. By default windows do
 * not overlap (`stride = seqLen`), so a token is predicted from the 0 … seqLen−1 tokens before it
 * in its window; only the final window is moved back to stay full length (it scores just the
 * remaining tokens). Every token after the first is scored exactly once.
 */
export function perplexity(model: Transformer, tokens: ArrayLike<number>, options: PerplexityOptions): PerplexityResult {
  const { seqLen, batchSize = 8, pattern } = options;
  const stride = options.stride ?? seqLen;
  if (!Number.isInteger(seqLen) || seqLen < 1) throw new ArgumentError(`seqLen must be a positive integer, got ${seqLen}`);
  if (!Number.isInteger(stride) || stride < 1 || stride > seqLen) throw new ArgumentError(`stride must be an integer in [1, seqLen], got ${stride}`);
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new ArgumentError(`batchSize must be a positive integer, got ${batchSize}`);
  if (tokens.length < 2) throw new ArgumentError(`need at least 2 tokens to measure perplexity, got ${tokens.length}`);
  const windows = perplexityWindows(tokens.length, seqLen, stride);
  const byLength = new Map<number, PerplexityWindow[]>();
  for (const w of windows) byLength.set(w.length, [...(byLength.get(w.length) ?? []), w]);
  let total = 0;
  let count = 0;
  for (const [length, group] of byLength) {
    for (let i = 0; i < group.length; i += batchSize) {
      const batch = group.slice(i, i + batchSize);
      const inputs = batch.map((w) => Array.from({ length }, (_, j) => tokens[w.start + j] as number));
      const targets = batch.map((w) => Array.from({ length }, (_, j) => tokens[w.start + j + 1] as number));
      const weights = batch.map((w) => Array.from({ length }, (_, j) => (j >= w.from ? 1 : 0)));
      const sum = tf.tidy(() => {
        const { logits } = model.forward(inputs, pattern ? { pattern } : {});
        const V = logits.shape[2];
        const logp = tf.logSoftmax(logits.reshape([-1, V]));
        const oh = tf.oneHot(tf.tensor1d(targets.flat(), 'int32'), V).toFloat();
        return logp.mul(oh).sum(-1).neg().mul(tf.tensor1d(weights.flat())).sum();
      });
      total += scalarOf(sum);
      count += weights.flat().reduce<number>((a, b) => a + b, 0);
    }
  }
  const meanNll = total / count;
  return { ppl: Math.exp(meanNll), meanNll, tokens: count };
}

/**
 * Perplexity (exp of the mean next-token loss) of `model` on whole `sequences` (each predicts
 * tokens 1 … T−1 from the ones before it); with `weights` (per target position, `[B, T−1]`) only
 * the weighted positions count, as in {@link crossEntropy}.
 */
export function sequencePerplexity(model: Transformer, sequences: number[][], weights?: number[][]): number {
  const inputs = sequences.map((s) => s.slice(0, -1));
  const targets = sequences.map((s) => s.slice(1));
  const loss = tf.tidy(() => model.loss(inputs, targets, weights).dataSync()[0] as number);
  return Math.exp(loss);
}

function scalarOf(t: tf.Tensor): number {
  const v = t.dataSync()[0] as number;
  t.dispose();
  return v;
}

import * as tf from '@tensorflow/tfjs';
import type { AttentionPattern, Transformer } from '@lmkit/tensor';
import { ensure } from '../errors.js';

/**
 * Perplexity of `model` on non-overlapping windows of `length` tokens cut from the first
 * `maxTokens` tokens of `tokens` (every target in a window is scored, its context being the
 * window's earlier tokens). Every evaluation length scores the same tokens. Windows run
 * `batchSize` at a time.
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
  let total = 0;
  let count = 0;
  for (let w0 = 0; w0 < windows; w0 += batchSize) {
    const nb = Math.min(batchSize, windows - w0);
    const inputs: number[][] = [];
    const targets: number[] = [];
    for (let b = 0; b < nb; b++) {
      const start = (w0 + b) * length;
      inputs.push(Array.from({ length }, (_, j) => tokens[start + j] as number));
      for (let j = 0; j < length; j++) targets.push(tokens[start + j + 1] as number);
    }
    const sum = tf.tidy(() => {
      const { logits } = model.forward(inputs, options.pattern ? { pattern: options.pattern } : {});
      const V = logits.shape[2];
      const logp = tf.logSoftmax(logits.reshape([-1, V]));
      const oh = tf.oneHot(tf.tensor1d(targets, 'int32'), V).toFloat();
      return logp.mul(oh).sum().neg();
    });
    total += sum.dataSync()[0] as number;
    sum.dispose();
    count += targets.length;
  }
  const meanNll = total / count;
  return { ppl: Math.exp(meanNll), meanNll, tokens: count };
}

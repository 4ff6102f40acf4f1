import * as tf from '@tensorflow/tfjs';
import type { Transformer } from '@lmkit/tensor';
import { PAD } from './vocab.js';

/**
 * Mean next-token loss (nats) of each sequence over a scored span. `rows[i]` are token ids; the
 * loss averages −log p(ids[t] | ids[<t]) for t in [from[i], ids.length). Sequences are right-padded
 * into one batch (causal attention: padding cannot affect earlier positions).
 */
export function spanLosses(model: Transformer, rows: number[][], from: number[]): number[] {
  const T = Math.max(...rows.map((r) => r.length)) - 1;
  const inputs = rows.map((r) => Array.from({ length: T }, (_, t) => r[t] ?? PAD));
  const targets = rows.map((r) => Array.from({ length: T }, (_, t) => r[t + 1] ?? PAD));
  const weights = rows.map((r, i) => Array.from({ length: T }, (_, t) => (t + 1 >= (from[i] as number) && t + 1 < r.length ? 1 : 0)));
  const out = tf.tidy(() => {
    const { logits } = model.forward(inputs);
    const V = logits.shape[2];
    const logp = tf.logSoftmax(logits.reshape([-1, V]));
    const nll = logp.mul(tf.oneHot(tf.tensor1d(targets.flat(), 'int32'), V)).sum(-1).neg().reshape([rows.length, T]);
    const w = tf.tensor2d(weights);
    return nll.mul(w).sum(1).div(w.sum(1).maximum(1));
  });
  const data = Array.from(out.dataSync());
  out.dispose();
  return data;
}

/** Log-probabilities of each candidate next token after each prompt (one forward pass per batch). */
export function nextTokenLogProbs(model: Transformer, prompts: number[][], candidates: number[]): number[][] {
  const T = Math.max(...prompts.map((p) => p.length));
  const inputs = prompts.map((p) => Array.from({ length: T }, (_, t) => p[t] ?? PAD));
  const out = tf.tidy(() => {
    const { logits } = model.forward(inputs);
    const V = logits.shape[2];
    const logp = tf.logSoftmax(logits.reshape([-1, V])).reshape([prompts.length, T, V]);
    const rows = prompts.map((p, b) => logp.slice([b, p.length - 1, 0], [1, 1, V]).reshape([V]));
    return tf.stack(rows).gather(tf.tensor1d(candidates, 'int32'), 1);
  });
  const data = out.arraySync() as number[][];
  out.dispose();
  return data;
}

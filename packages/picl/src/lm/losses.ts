import * as tf from '@tensorflow/tfjs';
import type { Transformer } from '@lmkit/tensor';
import { PAD } from './tokens.js';

/**
 * Next-token losses (nats) of each sequence: `result[i][t]` is −log p(rows[i][t + 1] | rows[i][≤ t]),
 * so it has `rows[i].length − 1` entries. Sequences are right-padded into one batch (causal
 * attention: padding cannot affect earlier positions).
 */
export function tokenLosses(model: Transformer, rows: number[][]): number[][] {
  const T = Math.max(...rows.map((r) => r.length)) - 1;
  if (T < 1) return rows.map(() => []);
  const inputs = rows.map((r) => Array.from({ length: T }, (_, t) => r[t] ?? PAD));
  const targets = rows.map((r) => Array.from({ length: T }, (_, t) => r[t + 1] ?? PAD));
  const out = tf.tidy(() => {
    const { logits } = model.forward(inputs);
    const V = logits.shape[2];
    const logp = tf.logSoftmax(logits.reshape([-1, V]));
    return logp.mul(tf.oneHot(tf.tensor1d(targets.flat(), 'int32'), V)).sum(-1).neg().reshape([rows.length, T]);
  });
  const data = out.arraySync() as number[][];
  out.dispose();
  return data.map((row, i) => row.slice(0, Math.max(0, (rows[i] as number[]).length - 1)));
}

/**
 * Mean next-token loss (nats) of each sequence over a scored span: the mean of
 * −log p(ids[t] | ids[<t]) for t in [from[i], ids.length) (0 for an empty span).
 */
export function spanLosses(model: Transformer, rows: number[][], from: number[]): number[] {
  return tokenLosses(model, rows).map((losses, i) => {
    const span = losses.slice(Math.max(0, (from[i] as number) - 1));
    return span.length ? span.reduce((a, b) => a + b, 0) / span.length : 0;
  });
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

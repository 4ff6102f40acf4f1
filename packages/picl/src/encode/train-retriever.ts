import * as tf from '@tensorflow/tfjs';
import { Rng } from '@lmkit/tensor';
import type { GloveTable } from './glove.js';
import { GroupSampler, type TaskExample } from './pairs.js';
import { TrainedEncoder, type TrainedEncoderConfig } from './trained.js';

/** Options of {@link trainRetriever}. */
export interface TrainRetrieverOptions extends TrainedEncoderConfig {
  /** Optimisation steps. Default 300. */
  steps?: number;
  /** Queries per step (each brings 6 candidates). Default 32. */
  batchSize?: number;
  /** Adam learning rate. Default 3e-3. */
  lr?: number;
  /** InfoNCE temperature. Default 0.1. */
  temperature?: number;
  /** Called after each step. */
  onStep?: (step: number, loss: number) => void;
}

/**
 * Multi-positive InfoNCE loss. `sim [B, C]` are query–candidate similarities already divided by the
 * temperature, `positive [B, C]` is 1 where the candidate shares the query's task:
 * mean over queries of `logsumexp(sim) − logsumexp(sim over positives)`.
 */
export function multiPositiveInfoNce(sim: tf.Tensor2D, positive: tf.Tensor2D): tf.Scalar {
  return tf.tidy(() => {
    const all = tf.logSumExp(sim, 1);
    const pos = tf.logSumExp(sim.add(positive.sub(1).mul(1e9)), 1);
    return all.sub(pos).mean() as tf.Scalar;
  });
}

/**
 * Trains the retriever contrastively (PAPERS.md §3): per query 1 positive (same task), 1 easy
 * negative (random other task), 4 hard negatives (same surface format, other task); every candidate
 * in the batch sharing the query's task counts as a positive. `examples` must be train-task
 * paragraphs only ({@link GroupSampler} refuses held-out tasks).
 */
export function trainRetriever(table: GloveTable, examples: TaskExample[], options: TrainRetrieverOptions = {}): { encoder: TrainedEncoder; losses: number[] } {
  const steps = options.steps ?? 300;
  const B = options.batchSize ?? 32;
  const tau = options.temperature ?? 0.1;
  const sampler = new GroupSampler(examples);
  const encoder = new TrainedEncoder(table, options);
  const optimizer = tf.train.adam(options.lr ?? 3e-3);
  const rng = new Rng((options.seed ?? 0) + 17);
  const vars = [...encoder.params.values()];
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const groups = Array.from({ length: B }, () => sampler.sample(rng));
    const cands = groups.flatMap((g) => [g.positive, g.easy, ...g.hard]);
    const texts = [...groups.map((g) => examples[g.query]!.text), ...cands.map((c) => examples[c]!.text)];
    const posMask = new Float32Array(B * cands.length);
    groups.forEach((g, i) => cands.forEach((c, j) => (posMask[i * cands.length + j] = examples[c]!.task === examples[g.query]!.task ? 1 : 0)));
    const { x, mask } = encoder.features(texts);
    const positive = tf.tensor2d(posMask, [B, cands.length]);
    const cost = optimizer.minimize(() => {
      const e = encoder.forward(x, mask);
      const q = e.slice([0, 0], [B, -1]);
      const c = e.slice([B, 0], [cands.length, -1]);
      return multiPositiveInfoNce(tf.matMul(q, c, false, true).div(tau) as tf.Tensor2D, positive);
    }, true, vars);
    const loss = cost!.dataSync()[0] as number;
    cost!.dispose();
    x.dispose();
    mask.dispose();
    positive.dispose();
    losses.push(loss);
    options.onStep?.(step, loss);
  }
  optimizer.dispose();
  return { encoder, losses };
}

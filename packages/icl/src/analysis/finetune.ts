import * as tf from '@tensorflow/tfjs';
import { crossEntropy, type Rng, type Transformer } from '@lmkit/tensor';
import { requireDemos, requireLearningRate } from '../errors.js';
import { layerLogits } from './layer-logits.js';

/** Names of the attention key and value projections of every layer (`blocks.l.attn.wk/wv`). */
export function keyValueNames(model: Transformer): string[] {
  const names: string[] = [];
  for (let l = 0; l < model.config.numLayers; l++) names.push(`blocks.${l}.attn.wk`, `blocks.${l}.attn.wv`);
  return names;
}

/** A training example for finetuning: token ids and the positions whose next token is scored. */
export interface FtExample {
  ids: number[];
  /** Position p scores the prediction of ids[p + 1]. */
  scoredPositions: number[];
}

/** How to finetune. */
export type FtMode = 'gd' | 'layer-causal';

function lossOf(logits: tf.Tensor3D, ex: FtExample): tf.Scalar {
  const T = ex.ids.length - 1;
  const targets = [ex.ids.slice(1)];
  const weights = [Array.from({ length: T }, (_, i) => (ex.scoredPositions.includes(i) ? 1 : 0))];
  return crossEntropy(logits.slice([0, 0, 0], [1, T, -1]) as tf.Tensor3D, targets, weights);
}

/**
 * Finetunes the attention key/value projections in place with plain SGD, batch 1, one epoch over
 * `examples` in the given order (the paper's FT setting). `gd`: ordinary back-propagation of the
 * output loss into every layer. `layer-causal` (Deutch et al. 2024): layer l is updated from the
 * loss of its own logit-lens prediction only, so no gradient flows from layers above into it and
 * each layer's update is computed with the layers below frozen at their current values.
 * @throws `LMKIT_ICL_EMPTY_DEMOS`, `LMKIT_ICL_BAD_LEARNING_RATE`.
 */
export function finetuneKeyValue(model: Transformer, examples: readonly FtExample[], lr: number, mode: FtMode = 'gd'): void {
  requireDemos(examples.length);
  requireLearningRate(lr);
  const L = model.config.numLayers;
  for (const ex of examples) {
    const input = [ex.ids.slice(0, -1)];
    const updates: [tf.Variable, tf.Tensor][] = [];
    const groups = mode === 'gd' ? [keyValueNames(model)] : Array.from({ length: L }, (_, l) => [`blocks.${l}.attn.wk`, `blocks.${l}.attn.wv`]);
    groups.forEach((names, gi) => {
      const vars = names.map((n) => model.variable(n));
      const f = (): tf.Scalar =>
        mode === 'gd' ? lossOf(model.forward(input).logits, ex) : lossOf(layerLogits(model, input, gi), ex);
      const { value, grads } = tf.variableGrads(f, vars);
      value.dispose();
      vars.forEach((v) => {
        const g = grads[v.name];
        if (g) updates.push([v, g]);
      });
    });
    // All gradients of this step are taken at the same weights, then applied together.
    for (const [v, g] of updates) {
      tf.tidy(() => v.assign(v.sub(g.mul(lr))));
      g.dispose();
    }
  }
}

/** Saves copies of the named parameters; `restore()` puts them back and frees the copies. */
export function snapshot(model: Transformer, names: readonly string[]): { restore: () => void; delta: () => Map<string, tf.Tensor> } {
  const saved = new Map(names.map((n) => [n, tf.keep(model.variable(n).clone())]));
  return {
    restore() {
      for (const [n, t] of saved) {
        model.variable(n).assign(t);
        t.dispose();
      }
      saved.clear();
    },
    delta() {
      return new Map([...saved].map(([n, t]) => [n, tf.tidy(() => model.variable(n).sub(t))]));
    },
  };
}

/** Kind of random update direction for the baseline. */
export type RandomDirection = 'normal' | 'uniform01';

/**
 * Adds to each named parameter a random update with the same Frobenius norm as the matching
 * entry of `like`: zero-mean Gaussian (`normal`) or non-negative uniform [0, 1) noise
 * (`uniform01`, the kind of noise the reference's random baseline used), seeded.
 */
export function applyRandomUpdate(model: Transformer, like: Map<string, tf.Tensor>, kind: RandomDirection, rng: Rng): void {
  for (const [name, d] of like) {
    const v = model.variable(name);
    const n = d.size;
    const noise = new Float32Array(n);
    for (let i = 0; i < n; i++) noise[i] = kind === 'normal' ? rng.normal() : rng.next();
    tf.tidy(() => {
      const r = tf.tensor(noise, d.shape);
      const target = d.norm();
      const scale = target.div(r.norm().add(1e-12));
      v.assign(v.add(r.mul(scale)));
    });
  }
}

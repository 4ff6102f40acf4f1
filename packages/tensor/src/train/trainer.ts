import * as tf from '@tensorflow/tfjs';
import type { Transformer } from '../model/transformer.js';
import { AdamW } from './adamw.js';
import { clipByGlobalNorm } from './clip.js';
import { warmupCosine } from './schedule.js';

/** One training batch: `[B, T]` inputs and next-token targets, optional per-token loss weights. */
export interface Batch {
  /** Token ids `[B, T]`. */
  inputs: number[][];
  /** Next-token ids `[B, T]`. */
  targets: number[][];
  /** Per-position loss weights `[B, T]` (0 = ignore); default all 1. */
  weights?: number[][];
}

/** Options of {@link Trainer}. */
export interface TrainerOptions {
  /** Peak learning rate. Default 3e-3. */
  lr?: number;
  /** Warm-up steps. Default 10% of `totalSteps`. */
  warmupSteps?: number;
  /** Steps of the whole run (sets the cosine schedule). */
  totalSteps: number;
  /** Floor of the schedule. Default lr/10. */
  minLr?: number;
  /** AdamW decoupled weight decay. Default 0.01. */
  weightDecay?: number;
  /** Global gradient-norm clip. Default 1. */
  clipNorm?: number;
  /** Names of the parameters to train; default all. */
  trainable?: string[];
}

/** What one step reports. */
export interface StepInfo {
  /** 0-based index of the step just taken. */
  step: number;
  /** Mean (weighted) cross-entropy of the batch before the update, nats/token. */
  loss: number;
  /** Learning rate used for this step. */
  lr: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Tokens in the batch (positions with non-zero weight). */
  tokens: number;
}

/**
 * Trains a {@link Transformer} with AdamW, warm-up + cosine schedule and gradient clipping.
 * Deterministic: the same model seed and the same batches give bit-identical losses.
 */
export class Trainer {
  readonly model: Transformer;
  readonly optimizer: AdamW;
  readonly options: Required<Omit<TrainerOptions, 'trainable' | 'minLr'>> & Pick<TrainerOptions, 'trainable' | 'minLr'>;
  private readonly trainVars: Map<string, tf.Variable>;

  constructor(model: Transformer, options: TrainerOptions) {
    this.model = model;
    this.options = {
      lr: options.lr ?? 3e-3,
      warmupSteps: options.warmupSteps ?? Math.floor(options.totalSteps * 0.1),
      totalSteps: options.totalSteps,
      minLr: options.minLr,
      weightDecay: options.weightDecay ?? 0.01,
      clipNorm: options.clipNorm ?? 1,
      trainable: options.trainable,
    };
    this.optimizer = new AdamW({ weightDecay: this.options.weightDecay });
    const all = model.namedVariables();
    const names = options.trainable ?? [...all.keys()];
    this.trainVars = new Map(names.map((n) => [n, model.variable(n)]));
  }

  /** Steps taken so far (also restored by a checkpoint). */
  get step(): number {
    return this.optimizer.step;
  }

  /** Learning rate the next step will use. */
  currentLr(): number {
    return warmupCosine(this.step, {
      lr: this.options.lr,
      warmupSteps: this.options.warmupSteps,
      totalSteps: this.options.totalSteps,
      ...(this.options.minLr !== undefined ? { minLr: this.options.minLr } : {}),
    });
  }

  /** One optimisation step on `batch`. */
  trainStep(batch: Batch): StepInfo {
    const lr = this.currentLr();
    const step = this.step;
    const varList = [...this.trainVars.values()];
    const names = [...this.trainVars.keys()];
    const { value, grads } = tf.variableGrads(() => this.model.loss(batch.inputs, batch.targets, batch.weights), varList);
    const byName: Record<string, tf.Tensor> = {};
    // variableGrads keys by variable name; map back to our parameter names.
    names.forEach((n, i) => {
      const g = grads[varList[i]!.name];
      if (g) byName[n] = g;
    });
    const { grads: clipped, norm } = clipByGlobalNorm(byName, this.options.clipNorm);
    this.optimizer.apply(this.trainVars, clipped, lr);
    for (const g of Object.values(clipped)) g.dispose();
    const loss = value.dataSync()[0] as number;
    value.dispose();
    const tokens = batch.weights
      ? batch.weights.reduce((a, row) => a + row.filter((w) => w !== 0).length, 0)
      : batch.inputs.length * (batch.inputs[0]?.length ?? 0);
    return { step, loss, lr, gradNorm: norm, tokens };
  }

  /** Frees optimiser state (not the model). */
  dispose(): void {
    this.optimizer.dispose();
  }
}

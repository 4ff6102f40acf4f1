import {
  decodeCheckpoint,
  encodeCheckpoint,
  restoreModel,
  restoreTrainer,
  sampleLmBatch,
  Trainer,
  Transformer,
  type Batch,
  type PositionEncoding,
  type TransformerConfig,
} from '@lmkit/tensor';
import type { ExperimentStore } from '../experiment/store.js';

/** Options of {@link trainOnStream}. */
export interface TrainOnStreamOptions {
  /** Model shape (its `seed` initialises the weights). */
  config: TransformerConfig;
  /** Makes the position encoding (called once per model; a fresh one for a restored model). */
  position?: () => PositionEncoding;
  /** Optimisation steps. */
  steps: number;
  /** Rows per step. */
  batchSize: number;
  /** Tokens per row. */
  seqLen: number;
  /** Peak learning rate (warm-up + cosine, the core's `Trainer`). */
  lr: number;
  /** Batch sampling seed. */
  seed: number;
  /** The plain-text stream. */
  plain: ArrayLike<number>;
  /**
   * PICL instances mixed into every batch: `fraction` of the rows come from `stream` (PICL's
   * reference trains on instances and plain text with equal weight, `--lm-ratio 1`: fraction 0.5).
   */
  instances?: { stream: ArrayLike<number>; fraction: number };
  /** Where checkpoints go (resumed from when present and valid). Default: none. */
  store?: ExperimentStore;
  /** Checkpoint name in the store. */
  name?: string;
  /** Save every this many steps (and at the end). Default 50. */
  checkpointEvery?: number;
  /** Measure something of the model every `every` steps (and after the last); kept in the checkpoint. */
  probe?: { every: number; run: (model: Transformer, step: number) => number[] };
  /** Called after each step. */
  onStep?: (step: number, loss: number) => void;
  /** A line for the user (e.g. a damaged checkpoint being replaced). */
  log?: (message: string) => void;
}

/** What {@link trainOnStream} returns; the caller disposes `model`. */
export interface TrainOnStreamResult {
  model: Transformer;
  /** Loss of every step. */
  losses: number[];
  /** Probe results: step (after it) and values. */
  probes: { step: number; values: number[] }[];
  /** Step the run resumed from (0 for a fresh start). */
  resumedFrom: number;
}

/** One batch: rows from the plain stream, the last `round(fraction · B)` rows from the instance stream. */
export function mixedBatch(options: Pick<TrainOnStreamOptions, 'plain' | 'instances' | 'batchSize' | 'seqLen' | 'seed'>, step: number): Batch {
  const { batchSize: B, seqLen: T, seed } = options;
  const fromInstances = options.instances ? Math.round(options.instances.fraction * B) : 0;
  const plain = sampleLmBatch(options.plain, B - fromInstances, T, seed, step);
  if (!fromInstances || !options.instances) return plain;
  const inst = sampleLmBatch(options.instances.stream, fromInstances, T, seed + 7_919, step);
  return { inputs: [...plain.inputs, ...inst.inputs], targets: [...plain.targets, ...inst.targets] };
}

/**
 * Pre-trains a small LM on random windows of token streams. Every `checkpointEvery` steps the
 * weights, optimiser state, losses and probe results go to `store` (atomically); a rerun resumes
 * from the last checkpoint and sees the same batches, so the result equals an uninterrupted run.
 * A damaged checkpoint is reported through `log` and training starts over.
 */
export async function trainOnStream(options: TrainOnStreamOptions): Promise<TrainOnStreamResult> {
  const plugins = () => (options.position ? { position: options.position() } : {});
  const name = options.name ?? 'lm.ckpt';
  const every = options.checkpointEvery ?? 50;
  let model: Transformer | null = null;
  let trainer: Trainer | null = null;
  let losses: number[] = [];
  let probes: TrainOnStreamResult['probes'] = [];
  const saved = options.store ? await options.store.read(name) : null;
  if (saved) {
    try {
      const decoded = decodeCheckpoint(saved);
      model = restoreModel(decoded, plugins());
      trainer = restoreTrainer(model, decoded);
      losses = ((decoded.header.extra.losses as number[] | undefined) ?? []).slice(0, trainer.step);
      probes = (decoded.header.extra.probes as TrainOnStreamResult['probes'] | undefined) ?? [];
    } catch (e) {
      model?.dispose();
      model = null;
      trainer = null;
      options.log?.(`picl: checkpoint ${name} is damaged (${(e as Error).message}); training it again from step 0`);
    }
  }
  if (!model || !trainer) {
    model = new Transformer(options.config, plugins());
    trainer = new Trainer(model, { totalSteps: options.steps, lr: options.lr });
  }
  const resumedFrom = trainer.step;
  const save = async (): Promise<void> => {
    if (options.store) await options.store.write(name, encodeCheckpoint({ model: model!, trainer: trainer!, extra: { losses, probes, steps: options.steps } }));
  };
  const probe = (): void => {
    if (options.probe && !probes.some((p) => p.step === trainer!.step)) probes.push({ step: trainer!.step, values: options.probe.run(model!, trainer!.step) });
  };
  while (trainer.step < options.steps) {
    const info = trainer.trainStep(mixedBatch(options, trainer.step));
    losses.push(info.loss);
    options.onStep?.(info.step, info.loss);
    const step = trainer.step;
    if (options.probe && (step % options.probe.every === 0 || step === options.steps)) probe();
    if (step % every === 0 || step === options.steps) await save();
  }
  if (resumedFrom === options.steps && options.probe) probe();
  trainer.dispose();
  return { model, losses, probes, resumedFrom };
}

import { isLmkitError, sampleLmBatch, silentProgress, Trainer, Transformer, type ProgressReporter } from '@lmkit/tensor';
import type { PositionKind } from '../position/registry.js';
import type { XposSettings } from './settings.js';
import type { ExperimentStore } from '@lmkit/tensor';
import { decodeTrainingState, encodeTrainingState, peekTrainingStateMeta } from './state.js';
import { makeEncoding } from './variants.js';

/** A trained model and how it got there. */
export interface TrainedModel {
  /** The trained model (the caller disposes it). */
  model: Transformer;
  /** Loss of every step (restored from the checkpoint for steps run before a resume). */
  losses: number[];
  /** Step the run resumed from (0 for a fresh start). */
  resumedFrom: number;
  /** Seconds spent training in this process. */
  seconds: number;
}

/**
 * Trains one model with encoding `kind` on `tokens` (random windows of L+1 tokens, the same
 * batches for every encoding: they depend only on seed and step). With a store, saves a checkpoint
 * every `checkpointEvery` steps and at the end, and resumes from one whose fingerprint matches;
 * an unreadable checkpoint is reported and training starts from scratch.
 */
export async function trainEncoding(
  kind: PositionKind,
  tokens: ArrayLike<number>,
  vocabSize: number,
  config: XposSettings,
  seed: number,
  fingerprint: string,
  store?: ExperimentStore,
  progress: ProgressReporter = silentProgress,
): Promise<TrainedModel> {
  const L = config.trainLength;
  const build = (): [Transformer, Trainer] => {
    const m = new Transformer({ vocabSize, ...config.model, seed }, { position: makeEncoding(kind, config.model.dModel, L, seed) });
    return [m, new Trainer(m, { totalSteps: config.steps, lr: config.lr })];
  };
  const file = `${kind}.ckpt`;
  const saved = store ? await store.read(file) : null;
  let [model, trainer] = build();
  let losses: number[] = [];
  if (saved) {
    try {
      const meta = peekTrainingStateMeta(saved);
      if (meta.fingerprint === fingerprint && Array.isArray(meta.losses)) {
        decodeTrainingState(saved, model, trainer);
        losses = (meta.losses as number[]).slice(0, trainer.step);
        progress.log(`xpos: ${kind} resumes at step ${trainer.step}/${config.steps}`);
      } else {
        progress.log(`xpos: the ${kind} checkpoint was made with other settings; training from scratch`);
      }
    } catch (e) {
      if (!isLmkitError(e) || e.code !== 'LMKIT_BAD_CHECKPOINT') {
        model.dispose();
        trainer.dispose();
        throw e;
      }
      // Damaged or from an older format: it may have been half applied, so start from a fresh model.
      model.dispose();
      trainer.dispose();
      [model, trainer] = build();
      losses = [];
      progress.log(`xpos: the ${kind} checkpoint is unreadable (${e.message}); training from scratch`);
    }
  }
  const resumedFrom = trainer.step;
  const t0 = performance.now();
  progress.start(`train ${kind}`, config.steps);
  if (resumedFrom > 0) progress.tick(resumedFrom, 'resumed');
  try {
    while (trainer.step < config.steps) {
      const info = trainer.trainStep(sampleLmBatch(tokens, config.batchSize, L, seed, trainer.step));
      losses.push(info.loss);
      progress.tick(1, `loss ${info.loss.toFixed(3)}`);
      const done = trainer.step === config.steps;
      if (store && (done || trainer.step % config.checkpointEvery === 0)) {
        await store.write(file, encodeTrainingState(model, trainer, { fingerprint, losses }));
      }
    }
  } catch (e) {
    model.dispose(); // a killed run: nothing is returned, so free the model here
    throw e;
  } finally {
    progress.done();
    trainer.dispose();
  }
  return { model, losses, resumedFrom, seconds: (performance.now() - t0) / 1000 };
}

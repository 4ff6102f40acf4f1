import * as tf from '@tensorflow/tfjs';
import { Transformer, type TransformerPlugins } from '../model/transformer.js';
import { tokenizerFromJSON } from '../tokenize/json.js';
import type { Tokenizer } from '../tokenize/types.js';
import { Trainer, type TrainerOptions } from '../train/trainer.js';
import type { DecodedCheckpoint } from './decode.js';
import { badCheckpoint } from './format.js';

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

/**
 * Copies a checkpoint's parameters into an existing model. The model must have exactly the same
 * parameter names and shapes (else `LMKIT_BAD_CHECKPOINT`).
 */
export function loadWeights(model: Transformer, decoded: DecodedCheckpoint): void {
  const vars = model.namedVariables();
  for (const name of decoded.params.keys()) if (!vars.has(name)) badCheckpoint(`parameter "${name}" does not exist in this model`);
  for (const [name, v] of vars) {
    const stored = decoded.params.get(name);
    if (!stored) badCheckpoint(`parameter "${name}" is missing`);
    if (!sameShape(stored.shape, v.shape)) badCheckpoint(`parameter "${name}" has shape [${stored.shape.join(', ')}], model has [${v.shape.join(', ')}]`);
  }
  for (const [name, v] of vars) {
    const stored = decoded.params.get(name)!;
    tf.tidy(() => v.assign(tf.tensor(stored.data, stored.shape, 'float32')));
  }
}

/**
 * Rebuilds the model a checkpoint was saved from. `plugins` must recreate the same position
 * encoding (its `describe()` must equal the stored one: else `LMKIT_BAD_CHECKPOINT`) — packages
 * that own encodings (e.g. @lmkit/xpos) offer a factory from the description.
 */
export function restoreModel(decoded: DecodedCheckpoint, plugins: TransformerPlugins = {}): Transformer {
  const model = new Transformer(decoded.header.config, plugins);
  try {
    const have = JSON.stringify(model.position.describe());
    const want = JSON.stringify(decoded.header.position);
    if (have !== want) badCheckpoint(`saved with position encoding ${want}, restoring with ${have}: pass the matching plug-in`);
    loadWeights(model, decoded);
  } catch (e) {
    model.dispose();
    throw e;
  }
  return model;
}

/**
 * Restores a trainer's step and AdamW moments, so training continues exactly as if never
 * stopped. The trainer must train the same parameters (else `LMKIT_BAD_CHECKPOINT`).
 */
export function restoreTrainerState(trainer: Trainer, decoded: DecodedCheckpoint): void {
  const state = decoded.header.trainer;
  if (!state) badCheckpoint('it holds no trainer state (saved without a trainer)');
  const vars = trainer.model.namedVariables();
  const tensors = new Map<string, tf.Tensor>();
  try {
    for (const [key, stored] of decoded.optimizer) {
      const name = key.slice(2);
      const v = vars.get(name);
      if (!(key.startsWith('m.') || key.startsWith('v.')) || !v) badCheckpoint(`optimiser state "${key}" matches no parameter`);
      if (!sameShape(stored.shape, v.shape)) badCheckpoint(`optimiser state "${key}" has the wrong shape`);
      tensors.set(key, tf.tensor(stored.data, stored.shape, 'float32'));
    }
    trainer.optimizer.loadState(state.step, tensors);
  } finally {
    for (const t of tensors.values()) t.dispose();
  }
}

/** Creates a trainer for `model` with the options stored in the checkpoint (overridable) and restores its state. */
export function restoreTrainer(model: Transformer, decoded: DecodedCheckpoint, overrides: Partial<TrainerOptions> = {}): Trainer {
  const state = decoded.header.trainer;
  if (!state) badCheckpoint('it holds no trainer state (saved without a trainer)');
  const stored = state.options as unknown as TrainerOptions;
  const options: TrainerOptions = { ...stored, ...overrides };
  // JSON turns undefined into absent keys, which the Trainer defaults again: same result.
  const trainer = new Trainer(model, options);
  restoreTrainerState(trainer, decoded);
  return trainer;
}

/** The checkpoint's tokenizer, or null when it was saved without one. */
export function restoreTokenizer(decoded: DecodedCheckpoint): Tokenizer | null {
  if (decoded.header.tokenizer === null || decoded.header.tokenizer === undefined) return null;
  try {
    return tokenizerFromJSON(decoded.header.tokenizer);
  } catch (e) {
    return badCheckpoint(`tokenizer description is invalid (${(e as Error).message})`);
  }
}

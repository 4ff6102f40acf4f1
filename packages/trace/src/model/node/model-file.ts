/**
 * Files of the character-level trace model: a @lmkit/tensor checkpoint whose `extra.charTraceModel`
 * holds the model shape, the tokenizer and the training run's state. Written atomically.
 */
import { LmkitError, loadWeights, restoreTrainer, type DecodedCheckpoint, type Trainer } from '@lmkit/tensor';
import { loadCheckpoint, saveCheckpoint } from '@lmkit/tensor/node';
import { TraceModel, type TraceModelConfig } from '../trace-model.js';
import { TraceTokenizer } from '../tokenizer.js';

/** What a model file stores besides the weights. */
export interface TraceModelMeta<State = unknown> {
  config: TraceModelConfig;
  tokenizer: unknown;
  /** `tokenizer.fingerprint()` when saved. */
  vocabulary: string;
  /** The writer's state (training run, curves …). */
  state: State;
}

/** Saves `model` (and its trainer, for an exact resume) with `state` to `file`, atomically. */
export async function saveTraceModel<State>(file: string, model: TraceModel, state: State, trainer?: Trainer): Promise<void> {
  const meta: TraceModelMeta<State> = { config: model.config, tokenizer: model.tokenizer.toJSON(), vocabulary: model.tokenizer.fingerprint(), state };
  await saveCheckpoint(file, { model: model.transformer, ...(trainer ? { trainer } : {}), extra: { charTraceModel: meta } });
}

/** The model part of a checkpoint; `LMKIT_BAD_CHECKPOINT` when it is not a character-level trace model. */
export function traceModelMeta<State>(decoded: DecodedCheckpoint, file: string): TraceModelMeta<State> {
  const meta = decoded.header.extra.charTraceModel as TraceModelMeta<State> | undefined;
  if (!meta || typeof meta !== 'object' || !meta.config || !meta.tokenizer) {
    const other = decoded.header.extra.traceModel ? ' (it is a word-level trace model of an earlier lmkit; train a new one)' : '';
    throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${file} is not a character-level trace model${other}; train one with \`lmkit trace train\``);
  }
  return meta;
}

/** Loads a model file: the model, its metadata, and the trainer when one was saved. */
export async function loadTraceModel<State>(file: string): Promise<{ model: TraceModel; meta: TraceModelMeta<State>; trainer: Trainer | null }> {
  const decoded = await loadCheckpoint(file);
  const meta = traceModelMeta<State>(decoded, file);
  const tokenizer = TraceTokenizer.fromJSON(meta.tokenizer);
  if (tokenizer.vocabSize !== decoded.header.config.vocabSize) {
    throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${file}: its tokenizer has ${tokenizer.vocabSize} tokens but its weights ${decoded.header.config.vocabSize}; the file is damaged or was written by another lmkit version`);
  }
  const model = new TraceModel(tokenizer, meta.config);
  try {
    loadWeights(model.transformer, decoded);
    const trainer = decoded.header.trainer ? restoreTrainer(model.transformer, decoded) : null;
    return { model, meta, trainer };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

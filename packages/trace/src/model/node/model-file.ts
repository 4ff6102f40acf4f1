/**
 * Trace model files: a @lmkit/tensor checkpoint whose `extra.traceModel` holds the model config and
 * the trace tokenizer. Written atomically; `resume` restores the trainer too.
 */
import { LmkitError, loadWeights, restoreTrainer, type DecodedCheckpoint, type Trainer } from '@lmkit/tensor';
import { loadCheckpoint, saveCheckpoint } from '@lmkit/tensor/node';
import { TraceTokenizer } from '../tokenizer.js';
import { TraceModel, type TraceModelConfig } from '../trace-model.js';

/** What a trace model file stores besides the weights. */
export interface TraceModelMeta {
  config: TraceModelConfig;
  tokenizer: unknown;
  /** Anything else the writer wants kept (curriculum, seed, losses …). */
  info?: Record<string, unknown>;
}

/** Saves `model` (and optionally its trainer, for an exact resume) to `file` atomically. */
export async function saveTraceModel(file: string, model: TraceModel, trainer?: Trainer, info: Record<string, unknown> = {}): Promise<void> {
  const meta: TraceModelMeta = { config: model.config, tokenizer: model.tokenizer.toJSON(), info };
  await saveCheckpoint(file, { model: model.transformer, ...(trainer ? { trainer } : {}), extra: { traceModel: meta } });
}

/** Reads the trace-model part of a checkpoint; `LMKIT_BAD_CHECKPOINT` when it is not a trace model. */
export function traceModelMeta(decoded: DecodedCheckpoint, file: string): TraceModelMeta {
  const meta = decoded.header.extra.traceModel as TraceModelMeta | undefined;
  if (!meta || typeof meta !== 'object' || !meta.config || !meta.tokenizer) {
    throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${file} is not a trace model (no traceModel metadata); train one with \`lmkit trace train\``);
  }
  return meta;
}

/** Loads a trace model (and, when saved with one, its trainer). */
export async function loadTraceModel(file: string): Promise<{ model: TraceModel; meta: TraceModelMeta; trainer: Trainer | null }> {
  const decoded = await loadCheckpoint(file);
  const meta = traceModelMeta(decoded, file);
  const model = new TraceModel(TraceTokenizer.fromJSON(meta.tokenizer), meta.config);
  try {
    loadWeights(model.transformer, decoded);
    const trainer = decoded.header.trainer ? restoreTrainer(model.transformer, decoded) : null;
    return { model, meta, trainer };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

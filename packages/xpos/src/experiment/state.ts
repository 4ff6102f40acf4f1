import { decodeCheckpoint, encodeCheckpoint, loadWeights, restoreTrainerState, type Trainer, type Transformer } from '@lmkit/tensor';

/**
 * Serialises a model's parameters, its trainer's AdamW moments and step, and JSON `meta` into one
 * buffer: an @lmkit/tensor checkpoint (`encodeCheckpoint`, checksummed) with `meta` as its extra data.
 */
export function encodeTrainingState(model: Transformer, trainer: Trainer, meta: Record<string, unknown>): Uint8Array {
  return encodeCheckpoint({ model, trainer, extra: meta });
}

/** The JSON meta of a saved training state (validates the bytes; throws `LMKIT_BAD_CHECKPOINT` if damaged). */
export function peekTrainingStateMeta(bytes: Uint8Array): Record<string, unknown> {
  return decodeCheckpoint(bytes).header.extra;
}

/**
 * Restores what {@link encodeTrainingState} saved into `model` and `trainer` (same parameter names
 * and shapes, else `LMKIT_BAD_CHECKPOINT`); returns the meta.
 */
export function decodeTrainingState(bytes: Uint8Array, model: Transformer, trainer: Trainer): Record<string, unknown> {
  const decoded = decodeCheckpoint(bytes);
  loadWeights(model, decoded);
  restoreTrainerState(trainer, decoded);
  return decoded.header.extra;
}

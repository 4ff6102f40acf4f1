import type { Transformer } from '../model/transformer.js';
import type { Tokenizer } from '../tokenize/types.js';
import type { Trainer } from '../train/trainer.js';
import { CHECKPOINT_FORMAT, CHECKPOINT_MAGIC, CHECKPOINT_VERSION, fnv1a, type CheckpointHeader, type TensorEntry } from './format.js';

/** What {@link encodeCheckpoint} saves. */
export interface CheckpointInput {
  /** The model whose parameters, config and position encoding are saved. */
  model: Transformer;
  /** Saves the step and AdamW moments too, for an exact resume. */
  trainer?: Trainer;
  /** Saved as `tokenizer.toJSON()`. */
  tokenizer?: Tokenizer;
  /** Any JSON data (corpus, seed, loss history…). */
  extra?: Record<string, unknown>;
}

/**
 * Serialises a model (and optionally its trainer and tokenizer) to bytes: a JSON header then
 * float32 data (layout in `format.ts`). Browser-safe; `saveCheckpoint` writes it to a file.
 */
export function encodeCheckpoint(input: CheckpointInput): Uint8Array {
  const { model, trainer, tokenizer, extra = {} } = input;
  const tensors: TensorEntry[] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  const addTensor = (group: TensorEntry['group'], name: string, t: { shape: number[]; dataSync(): ArrayLike<number> }): void => {
    const data = Float32Array.from(t.dataSync());
    tensors.push({ group, name, shape: [...t.shape], offset });
    chunks.push(data);
    offset += data.length;
  };
  for (const [name, v] of model.namedVariables()) addTensor('param', name, v);
  if (trainer) for (const [name, v] of trainer.optimizer.stateTensors()) addTensor('opt', name, v);
  const data = new Float32Array(offset);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  const dataBytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const header: CheckpointHeader = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    config: { ...model.config },
    position: model.position.describe(),
    pattern: model.pattern.name,
    tokenizer: tokenizer ? tokenizer.toJSON() : null,
    trainer: trainer ? { step: trainer.step, options: { ...trainer.options } } : null,
    extra,
    tensors,
    dataLength: offset,
    checksum: fnv1a(dataBytes),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const pad = (4 - ((8 + 4 + headerBytes.length) % 4)) % 4;
  const out = new Uint8Array(8 + 4 + headerBytes.length + pad + dataBytes.length);
  out.set(new TextEncoder().encode(CHECKPOINT_MAGIC), 0);
  new DataView(out.buffer).setUint32(8, headerBytes.length, true);
  out.set(headerBytes, 12);
  out.set(dataBytes, 12 + headerBytes.length + pad);
  return out;
}

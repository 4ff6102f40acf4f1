import { LmkitError } from '../errors.js';
import type { ResolvedTransformerConfig } from '../model/config.js';

/**
 * Binary layout of an lmkit checkpoint (version 1):
 *
 * | bytes | content |
 * |---|---|
 * | 8 | magic `LMKITCKP` |
 * | 4 | header length H, uint32 little-endian |
 * | H | header, UTF-8 JSON ({@link CheckpointHeader}) |
 * | 0–3 | zero padding to a multiple of 4 |
 * | 4·N | float32 little-endian data of every tensor, in header order |
 */
export const CHECKPOINT_MAGIC = 'LMKITCKP';
/** Value of `header.format`. */
export const CHECKPOINT_FORMAT = 'lmkit-checkpoint';
/** Current format version. */
export const CHECKPOINT_VERSION = 1;

/** Where one tensor's data sits in the data section. */
export interface TensorEntry {
  /** `param` (a model variable) or `opt` (an AdamW moment, `m.<param>` / `v.<param>`). */
  group: 'param' | 'opt';
  /** Parameter name (`blocks.0.attn.wq`) or moment name (`m.<param>`). */
  name: string;
  /** Tensor shape. */
  shape: number[];
  /** Offset in float32 elements from the start of the data section. */
  offset: number;
}

/** The JSON header of a checkpoint. */
export interface CheckpointHeader {
  /** Always {@link CHECKPOINT_FORMAT}. */
  format: typeof CHECKPOINT_FORMAT;
  /** Format version ({@link CHECKPOINT_VERSION} when written by this release). */
  version: number;
  /** Transformer config. */
  config: ResolvedTransformerConfig;
  /** `position.describe()` of the model's position encoding. */
  position: Record<string, unknown>;
  /** Name of the model's attention pattern (informational; patterns are stateless). */
  pattern: string;
  /** `tokenizer.toJSON()`, or null. */
  tokenizer: unknown;
  /** Trainer state, or null when saved without a trainer. */
  trainer: { step: number; options: Record<string, unknown> } | null;
  /** Caller's JSON data (corpus name, seed, loss history, …). */
  extra: Record<string, unknown>;
  /** Where each stored tensor sits in the data section. */
  tensors: TensorEntry[];
  /** Number of float32 values in the data section. */
  dataLength: number;
  /** FNV-1a (32-bit) of the data section's bytes, hex. */
  checksum: string;
}

/** Throws `LMKIT_BAD_CHECKPOINT` with a message saying what is wrong. */
export function badCheckpoint(what: string): never {
  throw new LmkitError('LMKIT_BAD_CHECKPOINT', `bad checkpoint: ${what}; re-create it with \`lmkit lm train\` or saveCheckpoint()`);
}

/** FNV-1a over bytes, as 8 hex digits. */
export function fnv1a(bytes: Uint8Array): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) {
    h ^= bytes[i] as number;
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

import { resolveConfig } from '../model/config.js';
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  badCheckpoint,
  fnv1a,
  type CheckpointHeader,
} from './format.js';

/** A tensor read from a checkpoint. */
export interface StoredTensor {
  /** Tensor shape. */
  shape: number[];
  /** Values, row-major. */
  data: Float32Array;
}

/** A validated checkpoint. */
export interface DecodedCheckpoint {
  /** The validated JSON header. */
  header: CheckpointHeader;
  /** Model parameters by name. */
  params: Map<string, StoredTensor>;
  /** AdamW moments by name (`m.<param>`, `v.<param>`); empty when saved without a trainer. */
  optimizer: Map<string, StoredTensor>;
}

/**
 * Parses and validates checkpoint bytes. Truncated or corrupt data, a wrong magic, an unknown
 * version or an inconsistent header throw `LMKIT_BAD_CHECKPOINT` naming the problem.
 */
export function decodeCheckpoint(bytes: Uint8Array): DecodedCheckpoint {
  if (!(bytes instanceof Uint8Array)) badCheckpoint('expected bytes (Uint8Array)');
  if (bytes.length < 12) badCheckpoint(`file is only ${bytes.length} bytes long (truncated)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== CHECKPOINT_MAGIC) badCheckpoint(`wrong magic (not an lmkit checkpoint: starts with ${JSON.stringify(magic)})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(8, true);
  if (12 + headerLength > bytes.length) badCheckpoint(`header says ${headerLength} bytes but the file ends before (truncated)`);
  let header: CheckpointHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + headerLength))) as CheckpointHeader;
  } catch {
    return badCheckpoint('header is not valid JSON (corrupt)');
  }
  if (typeof header !== 'object' || header === null || header.format !== CHECKPOINT_FORMAT) badCheckpoint('header has no lmkit-checkpoint format tag');
  if (header.version !== CHECKPOINT_VERSION) badCheckpoint(`format version ${String(header.version)} is not supported (this lmkit reads version ${CHECKPOINT_VERSION})`);
  try {
    resolveConfig(header.config);
  } catch (e) {
    badCheckpoint(`invalid model config (${(e as Error).message})`);
  }
  if (typeof header.position !== 'object' || header.position === null) badCheckpoint('missing position-encoding description');
  if (!Array.isArray(header.tensors)) badCheckpoint('missing tensor table');
  if (!Number.isInteger(header.dataLength) || header.dataLength < 0) badCheckpoint('invalid data length');
  if (header.trainer !== null && !(typeof header.trainer === 'object' && Number.isInteger(header.trainer?.step) && header.trainer.step >= 0)) {
    badCheckpoint('invalid trainer state');
  }
  const pad = (4 - ((12 + headerLength) % 4)) % 4;
  const dataStart = 12 + headerLength + pad;
  const expectedEnd = dataStart + 4 * header.dataLength;
  if (bytes.length < expectedEnd) badCheckpoint(`data section has ${Math.max(0, bytes.length - dataStart)} bytes, header expects ${4 * header.dataLength} (truncated)`);
  if (bytes.length > expectedEnd) badCheckpoint(`${bytes.length - expectedEnd} unexpected bytes after the data section`);
  const dataBytes = bytes.slice(dataStart, expectedEnd); // copy: aligned, detached from the input
  if (fnv1a(dataBytes) !== header.checksum) badCheckpoint('data checksum mismatch (corrupt)');
  const data = new Float32Array(dataBytes.buffer);
  const params = new Map<string, StoredTensor>();
  const optimizer = new Map<string, StoredTensor>();
  let expectOffset = 0;
  for (const t of header.tensors) {
    const shapeOk = Array.isArray(t?.shape) && t.shape.every((d) => Number.isInteger(d) && d >= 0);
    if (!t || typeof t.name !== 'string' || !shapeOk || (t.group !== 'param' && t.group !== 'opt')) {
      badCheckpoint(`malformed tensor entry ${JSON.stringify(t)}`);
    }
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.offset !== expectOffset || t.offset + size > header.dataLength) badCheckpoint(`tensor "${t.name}" lies outside the data section`);
    expectOffset += size;
    const target = t.group === 'param' ? params : optimizer;
    if (target.has(t.name)) badCheckpoint(`tensor "${t.name}" appears twice`);
    target.set(t.name, { shape: t.shape, data: data.subarray(t.offset, t.offset + size) });
  }
  if (expectOffset !== header.dataLength) badCheckpoint('tensor table does not cover the data section');
  return { header, params, optimizer };
}

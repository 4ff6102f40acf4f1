import { promises as fs } from 'node:fs';
import { encodeCheckpoint, type CheckpointInput } from '../checkpoint/encode.js';
import { decodeCheckpoint, type DecodedCheckpoint } from '../checkpoint/decode.js';
import { LmkitError } from '../errors.js';
import { writeFileAtomic } from './fs-atomic.js';

/** Writes a checkpoint file atomically (temp file + rename): an interrupted save never damages the old file. */
export async function saveCheckpoint(file: string, input: CheckpointInput): Promise<void> {
  await writeFileAtomic(file, encodeCheckpoint(input));
}

/** Reads and validates a checkpoint file: `LMKIT_MISSING_FILE` when absent, `LMKIT_BAD_CHECKPOINT` when invalid. */
export async function loadCheckpoint(file: string): Promise<DecodedCheckpoint> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(file));
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new LmkitError('LMKIT_MISSING_FILE', `checkpoint file not found: ${file}`);
    if (code === 'EISDIR') throw new LmkitError('LMKIT_BAD_ARGUMENT', `${file} is a folder, not a checkpoint file`);
    throw e;
  }
  try {
    return decodeCheckpoint(bytes);
  } catch (e) {
    if (e instanceof LmkitError) throw new LmkitError(e.code, `${file}: ${e.message}`);
    throw e;
  }
}

import * as tf from '@tensorflow/tfjs';
import { LmkitError, type Trainer, type Transformer } from '@lmkit/tensor';

/** Where the experiment keeps checkpoints and finished results (a folder in Node, anything in a browser). */
export interface ExperimentStore {
  /** The bytes saved under `name`, or null when there are none. */
  read(name: string): Promise<Uint8Array | null>;
  /** Saves bytes under `name`, atomically (a reader sees the old or the new bytes, never a mix). */
  write(name: string, data: Uint8Array): Promise<void>;
}

interface StateHeader {
  step: number;
  meta: Record<string, unknown>;
  tensors: { group: 'param' | 'opt'; name: string; shape: number[]; offset: number }[];
}

/**
 * Serialises a model's parameters, its trainer's AdamW moments and step, and JSON `meta` into one
 * buffer: 4-byte little-endian header length, UTF-8 JSON header, then float32 data.
 */
export function encodeTrainingState(model: Transformer, trainer: Trainer, meta: Record<string, unknown>): Uint8Array {
  const tensors: StateHeader['tensors'] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  const add = (group: 'param' | 'opt', name: string, t: tf.Tensor): void => {
    const data = Float32Array.from(t.dataSync());
    tensors.push({ group, name, shape: [...t.shape], offset });
    chunks.push(data);
    offset += data.length;
  };
  for (const [name, v] of model.namedVariables()) add('param', name, v);
  for (const [name, v] of trainer.optimizer.stateTensors()) add('opt', name, v);
  const header = new TextEncoder().encode(JSON.stringify({ step: trainer.step, meta, tensors } satisfies StateHeader));
  const headerPadded = Math.ceil((4 + header.length) / 4) * 4;
  const out = new Uint8Array(headerPadded + offset * 4);
  new DataView(out.buffer).setUint32(0, header.length, true);
  out.set(header, 4);
  const data = new Float32Array(out.buffer, headerPadded, offset);
  let o = 0;
  for (const c of chunks) {
    data.set(c, o);
    o += c.length;
  }
  return out;
}

function bad(why: string): never {
  throw new LmkitError('LMKIT_BAD_CHECKPOINT', `xpos experiment checkpoint is unusable (${why}); delete it to start that model again`);
}

function parse(bytes: Uint8Array): { header: StateHeader; floats: Float32Array } {
  if (bytes.length < 4) bad('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint32(0, true);
  if (4 + len > bytes.length) bad('truncated header');
  let header: StateHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + len))) as StateHeader;
  } catch {
    return bad('header is not JSON');
  }
  if (!Array.isArray(header.tensors) || typeof header.step !== 'number') bad('header lacks tensors or step');
  const start = Math.ceil((4 + len) / 4) * 4;
  return { header, floats: new Float32Array(bytes.slice(start).buffer) };
}

/** The JSON meta of a saved training state, without touching any tensor. */
export function peekTrainingStateMeta(bytes: Uint8Array): Record<string, unknown> {
  return parse(bytes).header.meta ?? {};
}

/** Restores what {@link encodeTrainingState} saved into `model` and `trainer`; returns the meta. */
export function decodeTrainingState(bytes: Uint8Array, model: Transformer, trainer: Trainer): Record<string, unknown> {
  const { header, floats } = parse(bytes);
  const vars = model.namedVariables();
  const opt = new Map<string, tf.Tensor>();
  for (const t of header.tensors) {
    const size = t.shape.reduce((a, b) => a * b, 1);
    if (t.offset + size > floats.length) bad(`tensor ${t.name} runs past the end`);
    const values = floats.subarray(t.offset, t.offset + size);
    if (t.group === 'param') {
      const v = vars.get(t.name);
      if (!v || v.size !== size) return bad(`parameter ${t.name} does not fit this model`);
      tf.tidy(() => v.assign(tf.tensor(values, t.shape)));
    } else {
      opt.set(t.name, tf.tensor(values, t.shape));
    }
  }
  trainer.optimizer.loadState(header.step, opt);
  for (const t of opt.values()) t.dispose();
  return header.meta;
}

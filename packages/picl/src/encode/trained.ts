import * as tf from '@tensorflow/tfjs';
import { Rng } from '@lmkit/tensor';
import { PiclError } from '../errors.js';
import { wordTokens } from '../text/tokenize.js';
import { isWordToken, type GloveTable } from './glove.js';
import type { Encoder } from './types.js';

/** Shape of a {@link TrainedEncoder}. */
export interface TrainedEncoderConfig {
  /** Output dimension. Default: the word-vector dimension, which starts the encoder at exactly mean pooling. */
  dim?: number;
  /** Hidden width of the MLP and the attention-pooling scorer. Default 128. */
  hidden?: number;
  /** Tokens read per text. Default 64. */
  maxTokens?: number;
  /** Initialisation seed. Default 0. */
  seed?: number;
}

/** Serialised trained encoder (weights as plain arrays; the GloVe table is supplied on load). */
export interface TrainedEncoderJSON {
  kind: 'picl-trained-encoder';
  config: Required<TrainedEncoderConfig>;
  gloveDim: number;
  weights: Record<string, { shape: number[]; values: number[] }>;
}

let nextId = 0;

/**
 * The trained retriever's encoder: GloVe token vectors → attention pooling ⊕ mean pooling →
 * `tanh(z·W1 + b1)·W2 + z·W3` → unit vector. Small enough to train in seconds on a CPU.
 */
export class TrainedEncoder implements Encoder {
  readonly name = 'trained';
  readonly dim: number;
  readonly config: Required<TrainedEncoderConfig>;
  readonly params: Map<string, tf.Variable>;

  constructor(readonly table: GloveTable, config: TrainedEncoderConfig = {}, weights?: TrainedEncoderJSON['weights']) {
    this.config = { dim: config.dim ?? table.dim, hidden: config.hidden ?? 128, maxTokens: config.maxTokens ?? 64, seed: config.seed ?? 0 };
    this.dim = this.config.dim;
    const G = table.dim;
    const { hidden: H, dim: D } = this.config;
    const rng = new Rng(this.config.seed);
    const shapes: Record<string, number[]> = { wa: [G, H], u: [H, 1], w1: [2 * G, H], b1: [H], w2: [H, D], w3: [2 * G, D] };
    this.params = new Map();
    for (const [name, shape] of Object.entries(shapes)) {
      const given = weights?.[name];
      if (weights && (!given || given.shape.join() !== shape.join())) {
        throw new PiclError('LMKIT_DIM_MISMATCH', `trained encoder weight "${name}" should have shape [${shape.join(', ')}]: was it trained with another GloVe table?`);
      }
      const n = shape.reduce((a, b) => a * b, 1);
      const fanIn = shape[0] ?? 1;
      let init = given ? Float32Array.from(given.values) : name === 'b1' ? new Float32Array(n) : rng.normalArray(n, 1 / Math.sqrt(fanIn));
      if (!given && D === G && (name === 'w2' || name === 'w3')) {
        // Start at mean pooling: w3 copies the mean half of z, the MLP branch starts at zero.
        init = new Float32Array(n);
        if (name === 'w3') for (let i = 0; i < G; i++) init[(G + i) * D + i] = 1;
      }
      this.params.set(name, tf.variable(tf.tensor(init, shape), true, `picl-enc-${nextId++}-${name}`));
    }
  }

  /** GloVe ids of a text's content words, at most `maxTokens`. */
  tokenIds(text: string): number[] {
    const ids: number[] = [];
    for (const t of wordTokens(text)) {
      if (ids.length >= this.config.maxTokens) break;
      if (!isWordToken(t)) continue;
      const id = this.table.id(t);
      if (id >= 0) ids.push(id);
    }
    return ids;
  }

  /** Padded GloVe features `[B, T, G]` and mask `[B, T]` of texts. */
  features(texts: string[]): { x: tf.Tensor3D; mask: tf.Tensor2D } {
    const G = this.table.dim;
    const rows = texts.map((t) => this.tokenIds(t));
    const T = Math.max(1, ...rows.map((r) => r.length));
    const x = new Float32Array(texts.length * T * G);
    const m = new Float32Array(texts.length * T);
    rows.forEach((ids, b) => {
      ids.forEach((id, t) => {
        x.set(this.table.vectors.subarray(id * G, (id + 1) * G), (b * T + t) * G);
        m[b * T + t] = 1;
      });
    });
    return { x: tf.tensor3d(x, [texts.length, T, G]), mask: tf.tensor2d(m, [texts.length, T]) };
  }

  /** Unit embeddings `[B, dim]` of padded features (differentiable). */
  forward(x: tf.Tensor3D, mask: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy(() => {
      const p = (n: string): tf.Variable => this.params.get(n) as tf.Variable;
      const [B, T, G] = x.shape;
      const a = tf.tanh(tf.matMul(x.reshape([B * T, G]), p('wa') as tf.Tensor2D));
      const s = tf.matMul(a, p('u') as tf.Tensor2D).reshape([B, T]).add(mask.sub(1).mul(1e9));
      const w = tf.softmax(s, -1).reshape([B, 1, T]);
      const att = tf.matMul(w as tf.Tensor3D, x).reshape([B, G]);
      const mean = x.mul(mask.expandDims(2)).sum(1).div(mask.sum(1, true).maximum(1));
      const z = tf.concat([att, mean], 1) as tf.Tensor2D;
      const h = tf.tanh(tf.matMul(z, p('w1') as tf.Tensor2D).add(p('b1')));
      const out = tf.matMul(h, p('w2') as tf.Tensor2D).add(tf.matMul(z, p('w3') as tf.Tensor2D));
      return out.div(out.square().sum(1, true).add(1e-12).sqrt()) as tf.Tensor2D;
    });
  }

  embed(texts: string[]): Float32Array[] {
    const out: Float32Array[] = [];
    for (let i = 0; i < texts.length; i += 256) {
      const batch = texts.slice(i, i + 256);
      const { x, mask } = this.features(batch);
      const e = this.forward(x, mask);
      const data = e.dataSync() as Float32Array;
      x.dispose();
      mask.dispose();
      e.dispose();
      for (let b = 0; b < batch.length; b++) out.push(data.slice(b * this.dim, (b + 1) * this.dim));
    }
    return out;
  }

  /** Plain-data weights. */
  toJSON(): TrainedEncoderJSON {
    const weights: TrainedEncoderJSON['weights'] = {};
    for (const [n, v] of this.params) weights[n] = { shape: v.shape, values: Array.from(v.dataSync()) };
    return { kind: 'picl-trained-encoder', config: this.config, gloveDim: this.table.dim, weights };
  }

  /** Restores an encoder saved with {@link toJSON}. */
  static fromJSON(table: GloveTable, json: TrainedEncoderJSON): TrainedEncoder {
    if (json?.kind !== 'picl-trained-encoder') throw new PiclError('LMKIT_BAD_DATA', 'not a trained PICL encoder file (kind must be "picl-trained-encoder")');
    if (json.gloveDim !== table.dim) throw new PiclError('LMKIT_DIM_MISMATCH', `the encoder was trained on ${json.gloveDim}-d word vectors, the table has ${table.dim}`);
    return new TrainedEncoder(table, json.config, json.weights);
  }

  /** Frees the weights. */
  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

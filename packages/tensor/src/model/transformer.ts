import * as tf from '@tensorflow/tfjs';
import { causalPattern } from '../attention/causal.js';
import type { AttentionPattern } from '../attention/types.js';
import { LmkitError, ShapeError } from '../errors.js';
import { noPosition, type PositionEncoding } from '../position/types.js';
import { Rng } from '../random/rng.js';
import { resolveConfig, type ResolvedTransformerConfig, type TransformerConfig } from './config.js';
import { embed, gelu, layerNorm, linear } from './layers.js';
import { matMul } from '../ops/matmul.js';
import { softmaxNll } from '../ops/cross-entropy.js';

/** Plug-ins of a {@link Transformer}. */
export interface TransformerPlugins {
  /** Position encoding; default none. */
  position?: PositionEncoding;
  /** Attention pattern; default full causal. */
  pattern?: AttentionPattern;
}

/** Per-layer tensors collected by `forward(…, { collect: true })`. */
export interface LayerTrace {
  /** Pre-softmax attention scores `[B, H, T, Tk]` (q·k/√dh + bias, masked entries very negative). */
  scores: tf.Tensor4D;
  /** Attention output before the output projection, heads concatenated: `[B, T, dModel]`. */
  heads: tf.Tensor3D;
  /** Attention sub-layer output after the output projection: `[B, T, dModel]`. */
  attnOut: tf.Tensor3D;
}

/** Keys (raw, before the position encoding) and values cached per layer for incremental decoding. */
export interface KVCache {
  /** Number of positions already cached. */
  length: number;
  /** Per layer: raw keys and values `[B, H, length, dh]`. */
  layers: { k: tf.Tensor4D; v: tf.Tensor4D }[];
}

/** Options of {@link Transformer.forward}. */
export interface ForwardOptions {
  /** Absolute position of the first token (ignored when a cache is given: its length is used). */
  startPos?: number;
  /** Return per-layer attention scores and outputs (caller disposes them). */
  collect?: boolean;
  /** Incremental decoding: read and extend this cache (its old tensors are disposed). */
  cache?: KVCache;
  /** Use this pattern instead of the model's for this call. */
  pattern?: AttentionPattern;
}

/** Result of {@link Transformer.forward}. */
export interface ForwardResult {
  /** `[B, T, vocab]` */
  logits: tf.Tensor3D;
  /** Present with `collect`. */
  layers?: LayerTrace[];
}

/**
 * A small pre-LN decoder-only transformer (GPT-2 style) with a pluggable position encoding and
 * attention pattern. Parameters are named like `blocks.0.attn.wq` (see `namedVariables`); train any
 * subset by passing those variables to an optimiser.
 */
export class Transformer {
  /** The resolved configuration. */
  readonly config: ResolvedTransformerConfig;
  /** Position encoding in use. */
  readonly position: PositionEncoding;
  /** Attention pattern in use (may be replaced, e.g. to evaluate with BCA). */
  pattern: AttentionPattern;
  private readonly vars = new Map<string, tf.Variable>();

  constructor(config: TransformerConfig, plugins: TransformerPlugins = {}) {
    this.config = resolveConfig(config);
    this.position = plugins.position ?? noPosition;
    this.pattern = plugins.pattern ?? causalPattern;
    this.initParameters();
  }

  private initParameters(): void {
    const { vocabSize: V, dModel: D, dFF: F, numLayers: L, seed, tieEmbeddings } = this.config;
    const rng = new Rng(seed);
    // tfjs variable names are global: make them unique per model so several models can coexist.
    const prefix = `lmkit${nextModelId++}`;
    const normal = (name: string, shape: number[], std: number): void => {
      const n = shape.reduce((a, b) => a * b, 1);
      this.vars.set(name, makeVariable(tf.tensor(rng.normalArray(n, std), shape), `${prefix}/${name}`));
    };
    const fill = (name: string, shape: number[], value: number): void => {
      this.vars.set(name, makeVariable(tf.fill(shape, value), `${prefix}/${name}`));
    };
    const std = 0.02;
    const residualStd = std / Math.sqrt(2 * L);
    normal('wte', [V, D], std);
    for (let l = 0; l < L; l++) {
      const p = `blocks.${l}.`;
      fill(p + 'ln1.g', [D], 1);
      fill(p + 'ln1.b', [D], 0);
      normal(p + 'attn.wq', [D, D], std);
      normal(p + 'attn.wk', [D, D], std);
      normal(p + 'attn.wv', [D, D], std);
      normal(p + 'attn.wo', [D, D], residualStd);
      fill(p + 'attn.bo', [D], 0);
      fill(p + 'ln2.g', [D], 1);
      fill(p + 'ln2.b', [D], 0);
      normal(p + 'mlp.w1', [D, F], std);
      fill(p + 'mlp.b1', [F], 0);
      normal(p + 'mlp.w2', [F, D], residualStd);
      fill(p + 'mlp.b2', [D], 0);
    }
    fill('lnf.g', [D], 1);
    fill('lnf.b', [D], 0);
    if (!tieEmbeddings) normal('head', [D, V], std);
    const posVars = this.position.variables?.() ?? {};
    for (const [k, v] of Object.entries(posVars)) this.vars.set(`pos.${k}`, v);
  }

  /** Every parameter, in a fixed order, by name. */
  namedVariables(): Map<string, tf.Variable> {
    return this.vars;
  }

  /** One parameter by name; throws `LMKIT_BAD_ARGUMENT` for an unknown name. */
  variable(name: string): tf.Variable {
    const v = this.vars.get(name);
    if (!v) throw new LmkitError('LMKIT_BAD_ARGUMENT', `no parameter named "${name}"`);
    return v;
  }

  /** Total number of scalar parameters. */
  parameterCount(): number {
    let n = 0;
    for (const v of this.vars.values()) n += v.size;
    return n;
  }

  private p(name: string): tf.Variable {
    return this.vars.get(name) as tf.Variable;
  }

  /**
   * Runs the model on token ids `[B, T]` (nested arrays or an int32 tensor).
   * Returns logits `[B, T, vocab]`; with `collect`, also per-layer attention tensors.
   */
  forward(ids: number[][] | tf.Tensor2D, options: ForwardOptions = {}): ForwardResult {
    const idsT = Array.isArray(ids) ? toIdTensor(ids, this.config.vocabSize) : ids;
    const owned = Array.isArray(ids);
    try {
      return this.forwardTensor(idsT, options);
    } finally {
      if (owned) idsT.dispose();
    }
  }

  private forwardTensor(ids: tf.Tensor2D, options: ForwardOptions): ForwardResult {
    const T = ids.shape[1];
    const cache = options.cache;
    const start = cache ? cache.length : (options.startPos ?? 0);
    const pattern = options.pattern ?? this.pattern;
    const collected: LayerTrace[] = [];
    const newCache: { k: tf.Tensor4D; v: tf.Tensor4D }[] = [];
    // On an error, tidy frees the intermediates but not the tensors kept for the caller: free them
    // here, and leave the cache as it was.
    const freeKept = (): void => {
      disposeLayerTraces(collected);
      for (const l of newCache) tf.dispose([l.k, l.v]);
    };
    let logits: tf.Tensor3D;
    try {
      logits = this.forwardLayers(ids, options, start, pattern, collected, newCache);
    } catch (e) {
      freeKept();
      throw e;
    }
    if (cache) {
      for (const old of cache.layers) {
        old.k.dispose();
        old.v.dispose();
      }
      cache.layers = newCache;
      cache.length = start + T;
    }
    return options.collect ? { logits, layers: collected } : { logits };
  }

  private forwardLayers(
    ids: tf.Tensor2D,
    options: ForwardOptions,
    start: number,
    pattern: AttentionPattern,
    collected: LayerTrace[],
    newCache: { k: tf.Tensor4D; v: tf.Tensor4D }[],
  ): tf.Tensor3D {
    const { dModel: D, numHeads: H, numLayers: L, tieEmbeddings } = this.config;
    const dh = D / H;
    const [B, T] = ids.shape;
    const cache = options.cache;
    return tf.tidy(() => {
      let x: tf.Tensor = embed(ids, this.p('wte') as tf.Tensor as tf.Tensor2D);
      if (this.position.embedding) x = x.add(this.position.embedding(start, T, D));
      const split = (t: tf.Tensor): tf.Tensor4D => t.reshape([B, T, H, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
      for (let l = 0; l < L; l++) {
        const p = `blocks.${l}.`;
        const h = layerNorm(x, this.p(p + 'ln1.g'), this.p(p + 'ln1.b'));
        let q = split(linear(h, this.p(p + 'attn.wq')));
        let k = split(linear(h, this.p(p + 'attn.wk')));
        let v = split(linear(h, this.p(p + 'attn.wv')));
        let kStart = start;
        if (cache) {
          const prev = cache.layers[l];
          if (prev) {
            k = tf.concat([prev.k, k], 2) as tf.Tensor4D;
            v = tf.concat([prev.v, v], 2) as tf.Tensor4D;
          }
          kStart = 0;
          newCache.push({ k: tf.keep(k), v: tf.keep(v) });
        }
        if (this.position.rotate) [q, k] = this.position.rotate(q, k, start, kStart);
        const pos = this.position;
        const bias = pos.scoreBias
          ? (qs: number, ql: number, ks: number, kl: number) => pos.scoreBias!(H, qs, ql, ks, kl)
          : undefined;
        const res = pattern.attend({ q, k, v, qStart: start, kStart, bias, wantScores: options.collect === true });
        const heads = res.out.transpose([0, 2, 1, 3]).reshape([B, T, D]) as tf.Tensor3D;
        const attnOut = linear(heads, this.p(p + 'attn.wo'), this.p(p + 'attn.bo')) as tf.Tensor3D;
        if (options.collect) {
          if (!res.scores) throw new LmkitError('LMKIT_BAD_ARGUMENT', `attention pattern "${pattern.name}" does not return scores`);
          collected.push({ scores: tf.keep(res.scores), heads: tf.keep(heads), attnOut: tf.keep(attnOut) });
        }
        x = x.add(attnOut);
        const h2 = layerNorm(x, this.p(p + 'ln2.g'), this.p(p + 'ln2.b'));
        const m = linear(gelu(linear(h2, this.p(p + 'mlp.w1'), this.p(p + 'mlp.b1'))), this.p(p + 'mlp.w2'), this.p(p + 'mlp.b2'));
        x = x.add(m);
      }
      const xf = layerNorm(x, this.p('lnf.g'), this.p('lnf.b'));
      const flat = xf.reshape([B * T, D]);
      const out = tieEmbeddings
        ? matMul(flat, this.p('wte') as tf.Tensor as tf.Tensor2D, false, true)
        : matMul(flat, this.p('head') as tf.Tensor as tf.Tensor2D);
      return out.reshape([B, T, this.config.vocabSize]) as tf.Tensor3D;
    });
  }

  /**
   * Mean next-token cross-entropy (nats). `inputs` and `targets` are `[B, T]`; optional `weights`
   * `[B, T]` weigh each position (0 = ignore), giving Σ w·nll / Σ w.
   */
  loss(inputs: number[][] | tf.Tensor2D, targets: number[][] | tf.Tensor2D, weights?: number[][] | tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const { logits } = this.forward(inputs);
      return crossEntropy(logits, targets, weights);
    });
  }

  /** Creates an empty KV cache for incremental decoding. */
  newCache(): KVCache {
    return { length: 0, layers: [] };
  }

  /** Frees every parameter. */
  dispose(): void {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }
}

let nextModelId = 0;

/** A trainable variable holding `init` (which is disposed). */
function makeVariable(init: tf.Tensor, name: string): tf.Variable {
  const v = tf.variable(init, true, name);
  init.dispose();
  return v;
}

/** Frees the tensors of a KV cache. */
export function disposeCache(cache: KVCache): void {
  for (const l of cache.layers) {
    l.k.dispose();
    l.v.dispose();
  }
  cache.layers = [];
  cache.length = 0;
}

/** Frees the tensors collected by `forward(…, { collect: true })`. */
export function disposeLayerTraces(layers: LayerTrace[] | undefined): void {
  for (const l of layers ?? []) {
    l.scores.dispose();
    l.heads.dispose();
    l.attnOut.dispose();
  }
}

/**
 * Cross-entropy of `logits [B, T, V]` against integer `targets [B, T]`, optionally weighted per
 * position: Σ w·nll / Σ w (plain mean without weights).
 */
export function crossEntropy(
  logits: tf.Tensor3D,
  targets: number[][] | tf.Tensor2D,
  weights?: number[][] | tf.Tensor2D,
): tf.Scalar {
  return tf.tidy(() => {
    const [B, T, V] = logits.shape;
    const tgt = Array.isArray(targets) ? toIdTensor(targets, V) : targets;
    if (tgt.shape[0] !== B || tgt.shape[1] !== T) {
      throw new ShapeError(`targets shape [${tgt.shape.join(', ')}] does not match logits [${B}, ${T}]`);
    }
    const flatTargets = (tgt.dtype === 'int32' ? tgt : tgt.toInt()).reshape([-1]) as tf.Tensor1D;
    const nll = softmaxNll(logits.reshape([B * T, V]) as tf.Tensor2D, flatTargets);
    if (!weights) return nll.mean() as tf.Scalar;
    const w = (Array.isArray(weights) ? tf.tensor2d(weights) : weights).reshape([-1]).toFloat();
    if (w.size !== B * T) throw new ShapeError(`weights must be [${B}, ${T}]`);
    return nll.mul(w).sum().div(w.sum().maximum(1e-12)) as tf.Scalar;
  });
}

/** Validates nested id arrays (rectangular, integers in [0, vocab)) and makes an int32 tensor. */
export function toIdTensor(ids: number[][], vocabSize: number): tf.Tensor2D {
  if (ids.length === 0) throw new ShapeError('token batch is empty');
  const t = ids[0]!.length;
  if (t === 0) throw new ShapeError('token sequences are empty');
  const flat = new Int32Array(ids.length * t);
  ids.forEach((row, b) => {
    if (row.length !== t) throw new ShapeError(`ragged token batch: row ${b} has ${row.length} tokens, row 0 has ${t}`);
    row.forEach((id, i) => {
      if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
        throw new ShapeError(`token id ${id} at [${b}, ${i}] is outside the vocabulary [0, ${vocabSize})`);
      }
      flat[b * t + i] = id;
    });
  });
  return tf.tensor2d(flat, [ids.length, t], 'int32');
}

/**
 * Keeps batch rows `rows` of every cached key and value, in that order (a row may repeat: beam
 * search copies a hypothesis's cache this way). The old tensors are disposed.
 */
export function selectCacheRows(cache: KVCache, rows: readonly number[]): void {
  cache.layers = cache.layers.map(({ k, v }) => {
    const kept = tf.tidy(() => {
      const idx = tf.tensor1d(rows as number[], 'int32');
      return { k: tf.gather(k, idx, 0) as tf.Tensor4D, v: tf.gather(v, idx, 0) as tf.Tensor4D };
    });
    k.dispose();
    v.dispose();
    return kept;
  });
}

/**
 * The trace model: a small decoder-only Transformer (@lmkit/tensor) that reads
 * `<prefix> source <sep>` and writes the CodeExecutor trace, greedily, with a KV cache. Browser-safe.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeCache, learnedPositions, sinusoidalPositions, Transformer } from '@lmkit/tensor';
import { encodePrompt, type ExamplePrefix } from './examples.js';
import type { TraceTokenizer } from './tokenizer.js';

/** Shape of a trace model. */
export interface TraceModelConfig {
  dModel: number;
  numHeads: number;
  numLayers: number;
  /** MLP width; default 4·dModel. */
  dFF?: number;
  /** Longest sequence (prompt + trace) in tokens. */
  maxLen: number;
  /** Initialisation seed. */
  seed: number;
  /** Position encoding: a learned table (default; learns faster here) or fixed sinusoids. */
  position?: 'learned' | 'sinusoidal';
}

/** Defaults: a tiny model that trains in minutes on a laptop CPU. */
export const DEFAULT_TRACE_MODEL: TraceModelConfig = { dModel: 96, numHeads: 4, numLayers: 3, maxLen: 256, seed: 1, position: 'learned' };

/** One prediction. */
export interface TracePrediction {
  /** Predicted CodeExecutor trace text. */
  trace: string;
  /** Tokens generated. */
  tokens: number;
  /** Why decoding stopped: `<eos>`, the context is full, or the prompt alone does not fit. */
  stop: 'eos' | 'max-len' | 'prompt-too-long';
}

/** A tokenizer plus a Transformer that generates traces. Call {@link TraceModel.dispose} when done. */
export class TraceModel {
  readonly transformer: Transformer;

  constructor(
    readonly tokenizer: TraceTokenizer,
    readonly config: TraceModelConfig,
  ) {
    this.transformer = new Transformer(
      { vocabSize: tokenizer.vocabSize, dModel: config.dModel, numHeads: config.numHeads, numLayers: config.numLayers, dFF: config.dFF ?? 4 * config.dModel, seed: config.seed },
      {
        // The core's encodings; amplitude 0.1 keeps the sinusoids from drowning the small initial
        // token embeddings, and the table's seed offset keeps models trained before the move identical.
        position:
          config.position === 'sinusoidal'
            ? sinusoidalPositions({ scale: 0.1 })
            : learnedPositions({ maxLength: config.maxLen, dModel: config.dModel, seed: config.seed ^ 0x5eed }),
      },
    );
  }

  /**
   * Greedy decoding of the trace of `source`. With the KV cache (default) each new token costs one
   * single-position forward pass; `useCache: false` re-runs the whole sequence every step (same result).
   */
  predict(source: string, prefix: ExamplePrefix, options: { useCache?: boolean } = {}): TracePrediction {
    const tok = this.tokenizer;
    const prompt = encodePrompt(tok, source, prefix);
    if (prompt.length >= this.config.maxLen) return { trace: '', tokens: 0, stop: 'prompt-too-long' };
    const cache = options.useCache === false ? undefined : this.transformer.newCache();
    const out: number[] = [];
    let stop: TracePrediction['stop'] = 'max-len';
    try {
      let next = this.step([prompt], cache);
      while (true) {
        if (next === tok.eos) {
          stop = 'eos';
          break;
        }
        out.push(next);
        if (prompt.length + out.length >= this.config.maxLen) break;
        next = this.step(cache ? [[next]] : [[...prompt, ...out]], cache);
      }
    } finally {
      if (cache) disposeCache(cache);
    }
    return { trace: tok.decodeTrace(out), tokens: out.length, stop };
  }

  private step(ids: number[][], cache: ReturnType<Transformer['newCache']> | undefined): number {
    const { logits } = this.transformer.forward(ids, cache ? { cache } : {});
    const T = logits.shape[1];
    const id = tf.tidy(() => logits.slice([0, T - 1, 0], [1, 1, -1]).argMax(-1).dataSync()[0]!);
    logits.dispose();
    return id;
  }

  /** Frees the parameters. */
  dispose(): void {
    this.transformer.dispose();
  }
}

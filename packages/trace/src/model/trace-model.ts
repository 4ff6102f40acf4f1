/**
 * The trace model with the character-level tokenizer: a decoder-only Transformer (@lmkit/tensor)
 * that reads `<prefix> source <sep>` and writes the CodeExecutor trace. Decoding is greedy with a KV
 * cache, many programs at once (see greedy-batch.ts), or a beam search per program (beam-search.ts).
 * Browser-safe.
 */
import { learnedPositions, rope, sinusoidalPositions, Transformer, type PositionEncoding } from '@lmkit/tensor';
import type { TraceTokenizer, TracePrefix } from './tokenizer.js';
import { greedyDecodeBatch, type DecodeOptions } from './greedy-batch.js';
import { beamDecode } from './beam-search.js';

/** Options of {@link TraceModel.predictMany}. */
export interface PredictOptions extends DecodeOptions {
  /** Beam width: 1 (default) decodes greedily, many programs at once; more searches each program's beams. */
  beamWidth?: number;
}

/** Shape of a character-level trace model. */
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
  /**
   * Position encoding: a learned table (default), fixed sinusoids (amplitude 0.1), or RoPE (queries
   * and keys rotated by position, so attention sees offsets: copying "the token after the previous
   * occurrence" needs no per-position weights).
   */
  position?: 'learned' | 'sinusoidal' | 'rope';
}

/** Default shape: 6 layers of width 128 (≈1.3M parameters with a ~550-token vocabulary), context 512. */
export const DEFAULT_TRACE_MODEL: TraceModelConfig = { dModel: 128, numHeads: 4, numLayers: 6, maxLen: 512, seed: 1 };

/** One predicted trace. */
export interface TracePrediction {
  trace: string;
  /** Tokens generated (without `<eos>`). */
  tokens: number;
  /** `eos`, context full (`max-len`), or the prompt alone does not fit (`prompt-too-long`). */
  stop: 'eos' | 'max-len' | 'prompt-too-long';
}

function positionEncoding(config: TraceModelConfig): PositionEncoding {
  if (config.position === 'sinusoidal') return sinusoidalPositions({ scale: 0.1 });
  if (config.position === 'rope') return rope();
  return learnedPositions({ maxLength: config.maxLen, dModel: config.dModel, seed: config.seed });
}

/** Tokenizer + Transformer. Call {@link TraceModel.dispose} when done. */
export class TraceModel {
  readonly transformer: Transformer;

  constructor(
    readonly tokenizer: TraceTokenizer,
    readonly config: TraceModelConfig,
  ) {
    this.transformer = new Transformer(
      { vocabSize: tokenizer.vocabSize, dModel: config.dModel, numHeads: config.numHeads, numLayers: config.numLayers, dFF: config.dFF ?? 4 * config.dModel, seed: config.seed },
      { position: positionEncoding(config) },
    );
  }

  /** Traces of many programs: greedy (grouped by prompt length and decoded together) or by beam search. */
  predictMany(programs: ReadonlyArray<{ source: string; prefix: TracePrefix }>, options: PredictOptions = {}): TracePrediction[] {
    const prompts = programs.map((p) => this.tokenizer.encodePrompt(p.source, p.prefix));
    const limits = { eos: this.tokenizer.eos, maxLen: this.config.maxLen };
    const width = options.beamWidth ?? 1;
    const outs =
      width <= 1
        ? greedyDecodeBatch(this.transformer, prompts, limits, options)
        : prompts.map((p, i) => {
            const out = beamDecode(this.transformer, p, limits, { width, ...(options.maxNew?.[i] !== undefined ? { maxNew: options.maxNew[i] } : {}) });
            options.onDone?.(i + 1);
            return out;
          });
    return outs.map((o) => ({ trace: this.tokenizer.decodeTrace(o.ids), tokens: o.ids.length, stop: o.stop }));
  }

  /** Greedy trace of one program. */
  predict(source: string, prefix: TracePrefix): TracePrediction {
    return this.predictMany([{ source, prefix }])[0]!;
  }

  /** Frees the parameters. */
  dispose(): void {
    this.transformer.dispose();
  }
}

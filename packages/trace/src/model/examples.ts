/**
 * Turning (source, trace) pairs into the model's training sequences: `prefix source <sep> trace <eos>`,
 * with the paper's loss weights (source positions 0, structure tokens 1, every other trace token 10).
 * Browser-safe.
 */
import type { Batch } from '@lmkit/tensor';
import type { TraceTokenizer, TracePrefix } from './tokenizer.js';

/** Loss weight of structure tokens (`<state> </state> <dictsep> :`), CodeExecutor pre-training. */
export const STRUCTURE_WEIGHT = 1;
/** Loss weight of every other trace token, CodeExecutor pre-training. */
export const CONTENT_WEIGHT = 10;

/** One encoded example. */
export interface EncodedExample {
  /** All ids: prompt then trace then `<eos>`. */
  ids: number[];
  /** Length of the prompt (prefix, source, `<sep>`). */
  promptLength: number;
  /** True when the sequence was cut to fit `maxLen` (the trace loses its end, as in the reference). */
  truncated: boolean;
}

/**
 * Encodes one program for training: `prompt trace <eos>`, cut at `maxLen` (the trace loses its end,
 * as in the reference); null when the prompt alone does not fit (such a program cannot be trained on
 * or predicted).
 */
export function encodeTraceExample(tok: TraceTokenizer, source: string, trace: string, prefix: TracePrefix, maxLen: number): EncodedExample | null {
  const prompt = tok.encodePrompt(source, prefix);
  if (prompt.length + 1 >= maxLen) return null;
  const full = [...prompt, ...tok.encodeTrace(trace), tok.eos];
  const truncated = full.length > maxLen;
  return { ids: truncated ? full.slice(0, maxLen) : full, promptLength: prompt.length, truncated };
}

/** What loss weighting and padding need from a tokenizer. */
export interface WeightingVocabulary {
  readonly pad: number;
  isStructure(id: number): boolean;
}

/** Loss weight of predicting token `id` at a trace position. */
export function tokenWeight(tok: WeightingVocabulary, id: number): number {
  return tok.isStructure(id) ? STRUCTURE_WEIGHT : CONTENT_WEIGHT;
}

/**
 * Pads examples to one length and builds next-token inputs/targets with per-position weights:
 * a target inside the prompt or in padding weighs 0.
 */
export function makeBatch(tok: WeightingVocabulary, examples: readonly EncodedExample[]): Batch {
  const T = Math.max(...examples.map((e) => e.ids.length)) - 1;
  const inputs: number[][] = [];
  const targets: number[][] = [];
  const weights: number[][] = [];
  for (const e of examples) {
    const inp = new Array<number>(T).fill(tok.pad);
    const tgt = new Array<number>(T).fill(tok.pad);
    const w = new Array<number>(T).fill(0);
    for (let t = 0; t < e.ids.length - 1; t++) {
      inp[t] = e.ids[t]!;
      const next = e.ids[t + 1]!;
      tgt[t] = next;
      if (t + 1 >= e.promptLength) w[t] = tokenWeight(tok, next);
    }
    inputs.push(inp);
    targets.push(tgt);
    weights.push(w);
  }
  return { inputs, targets, weights };
}

/**
 * Turning (source, trace) pairs into the model's training sequences: `prefix source <sep> trace <eos>`,
 * with the paper's loss weights (source positions 0, structure tokens 1, every other trace token 10).
 * Browser-safe.
 */
import type { Batch } from '@lmkit/tensor';
import { lexSource } from './source-lexer.js';
import type { TraceTokenizer } from './tokenizer.js';

/** Loss weight of structure tokens (`<state> </state> <dictsep> :`), CodeExecutor pre-training. */
export const STRUCTURE_WEIGHT = 1;
/** Loss weight of every other trace token, CodeExecutor pre-training. */
export const CONTENT_WEIGHT = 10;

/** Dataset prefix of an example. */
export type ExamplePrefix = 'singleline' | 'tutorial' | 'codenet';

/** One encoded example. */
export interface EncodedExample {
  /** All ids: prompt then trace then `<eos>`. */
  ids: number[];
  /** Length of the prompt (prefix, source, `<sep>`). */
  promptLength: number;
  /** True when the sequence was cut to fit `maxLen` (the trace loses its end, as in the reference). */
  truncated: boolean;
}

/** The prompt ids of a program: `<prefix> source-words <sep>`. */
export function encodePrompt(tok: TraceTokenizer, source: string, prefix: ExamplePrefix): number[] {
  return [tok.id(`<${prefix}>`)!, ...tok.encodeWords(lexSource(source)), tok.sep];
}

/**
 * Encodes one example; returns null when even the prompt plus one trace token does not fit `maxLen`
 * (such programs cannot be trained on or predicted by this model).
 */
export function encodeExample(tok: TraceTokenizer, source: string, trace: string, prefix: ExamplePrefix, maxLen: number): EncodedExample | null {
  const prompt = encodePrompt(tok, source, prefix);
  if (prompt.length + 1 >= maxLen) return null;
  const full = [...prompt, ...tok.encodeTrace(trace), tok.eos];
  const truncated = full.length > maxLen;
  return { ids: truncated ? full.slice(0, maxLen) : full, promptLength: prompt.length, truncated };
}

/** What loss weighting and padding need from a tokenizer (the word-level and the character-level ones both have it). */
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

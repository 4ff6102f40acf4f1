import { ArgumentError } from '@lmkit/tensor';
import { splitSentences } from './sentences.js';
import { countTokens, truncateTokens } from './tokenize.js';

/** Options of {@link splitParagraphs}. */
export interface SplitOptions {
  /** Largest paragraph in {@link countTokens} tokens. Default 128 (PICL, PAPERS.md §3). */
  maxTokens?: number;
  /** Paragraphs shorter than this are dropped. Default 1. */
  minTokens?: number;
}

/** PICL's paragraph length limit (PAPERS.md §3). */
export const PICL_MAX_PARAGRAPH_TOKENS = 128;

/**
 * Splits text into paragraphs of at most `maxTokens` tokens without breaking sentences: blank lines
 * end a paragraph; longer blocks are packed greedily sentence by sentence; a single sentence longer
 * than the limit becomes its own paragraph, cut at `maxTokens` tokens.
 */
export function splitParagraphs(text: string, options: SplitOptions = {}): string[] {
  const maxTokens = options.maxTokens ?? PICL_MAX_PARAGRAPH_TOKENS;
  const minTokens = options.minTokens ?? 1;
  if (!Number.isInteger(maxTokens) || maxTokens < 1) throw new ArgumentError(`maxTokens must be a positive integer, got ${maxTokens}`);
  const out: string[] = [];
  const push = (p: string): void => {
    if (countTokens(p) >= minTokens) out.push(p);
  };
  for (const block of text.split(/\n\s*\n/)) {
    let cur: string[] = [];
    let curTokens = 0;
    for (const sentence of splitSentences(block)) {
      const n = countTokens(sentence);
      if (n > maxTokens) {
        if (cur.length) push(cur.join(' '));
        cur = [];
        curTokens = 0;
        push(truncateTokens(sentence, maxTokens));
        continue;
      }
      if (curTokens + n > maxTokens && cur.length) {
        push(cur.join(' '));
        cur = [];
        curTokens = 0;
      }
      cur.push(sentence);
      curTokens += n;
    }
    if (cur.length) push(cur.join(' '));
  }
  return out;
}

import { ArgumentError, LmkitError } from '../errors.js';
import type { Tokenizer } from './types.js';

/** Options of {@link CharTokenizer.fromText}. */
export interface CharTokenizerOptions {
  /** Extra tokens (e.g. `<sep>`), matched as whole strings before single characters. */
  extra?: string[];
}

/** The id of the unknown-character token in every {@link CharTokenizer}. */
export const UNK_ID = 0;
const UNK = '<unk>';

/**
 * One id per Unicode code point seen in the training text (a lone surrogate counts as one
 * character). Id 0 is `<unk>`: characters not seen in training encode to it and it decodes to
 * U+FFFD. Extra tokens come next, then the characters in code-point order.
 */
export class CharTokenizer implements Tokenizer {
  /** `tokens[id]` is the string of that id (`tokens[0]` is `<unk>`). */
  readonly tokens: readonly string[];
  private readonly extra: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly extraByLength: string[];

  private constructor(extra: string[], chars: string[]) {
    this.extra = extra;
    this.tokens = [UNK, ...extra, ...chars];
    this.tokens.forEach((t, i) => {
      if (i > 0) this.index.set(t, i);
    });
    this.extraByLength = [...extra].sort((a, b) => b.length - a.length);
  }

  /** Builds the vocabulary from every code point of `text` (plus `extra` tokens). */
  static fromText(text: string, options: CharTokenizerOptions = {}): CharTokenizer {
    const extra = options.extra ?? [];
    for (const e of extra) {
      if (typeof e !== 'string' || e.length === 0) throw new ArgumentError('CharTokenizer: extra tokens must be non-empty strings');
    }
    if (new Set(extra).size !== extra.length || extra.includes(UNK)) {
      throw new ArgumentError('CharTokenizer: extra tokens must be distinct and must not be "<unk>"');
    }
    const seen = new Set<string>();
    for (const ch of text) seen.add(ch);
    for (const e of extra) seen.delete(e);
    const chars = [...seen].sort((a, b) => (a.codePointAt(0) as number) - (b.codePointAt(0) as number));
    return new CharTokenizer(extra, chars);
  }

  get vocabSize(): number {
    return this.tokens.length;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    let i = 0;
    outer: while (i < text.length) {
      for (const e of this.extraByLength) {
        if (text.startsWith(e, i)) {
          ids.push(this.index.get(e) as number);
          i += e.length;
          continue outer;
        }
      }
      const cp = text.codePointAt(i) as number;
      const ch = String.fromCodePoint(cp);
      ids.push(this.index.get(ch) ?? UNK_ID);
      i += ch.length;
    }
    return ids;
  }

  decode(ids: number[]): string {
    let out = '';
    for (const id of ids) {
      if (!Number.isInteger(id) || id < 0 || id >= this.tokens.length) {
        throw new ArgumentError(`CharTokenizer.decode: id ${id} is outside the vocabulary [0, ${this.tokens.length})`);
      }
      out += id === UNK_ID ? '\uFFFD' : this.tokens[id];
    }
    return out;
  }

  toJSON(): { type: 'char'; version: 1; extra: string[]; chars: string[] } {
    return { type: 'char', version: 1, extra: [...this.extra], chars: this.tokens.slice(1 + this.extra.length) };
  }

  /** Rebuilds a tokenizer from {@link CharTokenizer.toJSON} output. */
  static fromJSON(json: unknown): CharTokenizer {
    const j = json as { type?: unknown; extra?: unknown; chars?: unknown };
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length > 0);
    if (j?.type !== 'char' || !strings(j.extra) || !strings(j.chars)) {
      throw new LmkitError('LMKIT_BAD_DATA', 'not a char tokenizer description: expected {type: "char", extra: string[], chars: string[]}');
    }
    if (new Set([UNK, ...j.extra, ...j.chars]).size !== 1 + j.extra.length + j.chars.length) {
      throw new LmkitError('LMKIT_BAD_DATA', 'char tokenizer description has duplicate tokens');
    }
    return new CharTokenizer(j.extra, j.chars);
  }
}

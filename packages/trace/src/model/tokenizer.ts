/**
 * The trace model's tokenizer: word-level over CodeExecutor traces and lexed source, with the format's
 * special tokens (`<line>`, `<0>`…`<199>`, `<state>`, `</state>`, `<dictsep>`, `<output>`, …).
 * Frequent words are single tokens; any other word (every multi-character number, rare names and
 * string contents) is spelled: its first character, then `##c` pieces. Decoding joins pieces back,
 * so `decodeTrace(encodeTrace(t)) === t` for any space-separated trace over known characters.
 * Browser-safe; serialises to JSON.
 */
import { ArgumentError } from '@lmkit/tensor';
import { MAX_LINE_TOKEN } from './source-lexer.js';

/** Control tokens of the model. */
export const CONTROL_TOKENS = ['<pad>', '<unk>', '<sep>', '<eos>'] as const;
/** Dataset prefixes (the reference prepends one to the source). */
export const PREFIX_TOKENS = ['<singleline>', '<tutorial>', '<codenet>'] as const;
/** Structure tokens of the trace format (loss weight 1 in the paper; every other trace token weighs 10). */
export const STRUCTURE_TOKENS = ['<state>', '</state>', '<dictsep>', ':'] as const;
/** Other format tokens. */
export const FORMAT_TOKENS = ['<line>', '<output>', '<indent>', '<dedent>', '<function>'] as const;

const LINE_TOKENS = Array.from({ length: MAX_LINE_TOKEN + 1 }, (_, k) => `<${k}>`);
const PIECE = '##';

/** Serialised form of a {@link TraceTokenizer}. */
export interface TraceTokenizerJSON {
  type: 'lmkit-trace-words';
  /** Every token, by id. */
  tokens: string[];
}

/** Options of {@link TraceTokenizer.fit}. */
export interface FitOptions {
  /** A word needs this many occurrences to become one token (else it is spelled). Default 3. */
  minCount?: number;
  /** At most this many whole words. Default 2,000. */
  maxWords?: number;
}

/** Word-level tokenizer with spelled fallback (see module comment). */
export class TraceTokenizer {
  readonly tokens: readonly string[];
  private readonly ids: Map<string, number>;
  /** Id of `<pad>`. */
  readonly pad: number;
  readonly unk: number;
  readonly sep: number;
  readonly eos: number;

  private constructor(tokens: string[]) {
    this.tokens = tokens;
    this.ids = new Map(tokens.map((t, i) => [t, i]));
    if (this.ids.size !== tokens.length) throw new ArgumentError('tokenizer tokens must be unique');
    const need = (t: string): number => {
      const id = this.ids.get(t);
      if (id === undefined) throw new ArgumentError(`tokenizer lacks the token ${t}`);
      return id;
    };
    this.pad = need('<pad>');
    this.unk = need('<unk>');
    this.sep = need('<sep>');
    this.eos = need('<eos>');
  }

  /** Builds the vocabulary from word lists (lexed sources and trace texts split on spaces). */
  static fit(corpus: Iterable<readonly string[]>, options: FitOptions = {}): TraceTokenizer {
    const minCount = options.minCount ?? 3;
    const maxWords = options.maxWords ?? 2000;
    const fixed = [...CONTROL_TOKENS, ...PREFIX_TOKENS, ...STRUCTURE_TOKENS, ...FORMAT_TOKENS, ...LINE_TOKENS];
    const fixedSet = new Set<string>(fixed);
    const counts = new Map<string, number>();
    const chars = new Set<string>();
    for (const words of corpus) {
      for (const w of words) {
        if (fixedSet.has(w)) continue;
        for (const c of w) chars.add(c);
        if (spellAlways(w)) continue;
        counts.set(w, (counts.get(w) ?? 0) + 1);
      }
    }
    const sortedChars = [...chars].sort();
    const words = [...counts]
      .filter(([w, n]) => n >= minCount && [...w].length > 1)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxWords)
      .map(([w]) => w)
      .sort();
    const tokens = [...fixed, ...sortedChars, ...sortedChars.map((c) => PIECE + c), ...words.filter((w) => !chars.has(w))];
    return new TraceTokenizer([...new Set(tokens)]);
  }

  /** Restores a tokenizer from {@link toJSON}. */
  static fromJSON(json: unknown): TraceTokenizer {
    const j = json as Partial<TraceTokenizerJSON>;
    if (!j || j.type !== 'lmkit-trace-words' || !Array.isArray(j.tokens) || !j.tokens.every((t) => typeof t === 'string')) {
      throw new ArgumentError('not a trace tokenizer description (expected {"type":"lmkit-trace-words","tokens":[…]})');
    }
    return new TraceTokenizer(j.tokens);
  }

  /** The serialisable description (the inverse of `fromJSON`). */
  toJSON(): TraceTokenizerJSON {
    return { type: 'lmkit-trace-words', tokens: [...this.tokens] };
  }

  /** Number of tokens, specials included. */
  get vocabSize(): number {
    return this.tokens.length;
  }

  /** Id of a token, or undefined. */
  id(token: string): number | undefined {
    return this.ids.get(token);
  }

  /** Words → ids (spelling words that are not tokens; unknown characters become `<unk>`). */
  encodeWords(words: readonly string[]): number[] {
    const out: number[] = [];
    for (const w of words) {
      const whole = spellAlways(w) ? undefined : this.ids.get(w);
      if (whole !== undefined) {
        out.push(whole);
        continue;
      }
      [...w].forEach((c, i) => out.push(this.ids.get(i === 0 ? c : PIECE + c) ?? this.unk));
    }
    return out;
  }

  /** Trace text → ids. */
  encodeTrace(text: string): number[] {
    return this.encodeWords(text.split(/\s+/).filter(Boolean));
  }

  /** Ids → words (pieces joined to the word before them; control tokens dropped). */
  decodeWords(ids: readonly number[]): string[] {
    const words: string[] = [];
    for (const id of ids) {
      const t = this.tokens[id];
      if (t === undefined) throw new ArgumentError(`token id ${id} is outside the vocabulary [0, ${this.tokens.length})`);
      if (t === '<pad>' || t === '<sep>' || t === '<eos>') continue;
      if (t.startsWith(PIECE) && t.length > PIECE.length && words.length > 0) words[words.length - 1] += t.slice(PIECE.length);
      else words.push(t);
    }
    return words;
  }

  /** Ids → trace text (words joined by single spaces). */
  decodeTrace(ids: readonly number[]): string {
    return this.decodeWords(ids).join(' ');
  }

  /** True for the paper's structure tokens (loss weight 1). */
  isStructure(id: number): boolean {
    return (STRUCTURE_TOKENS as readonly string[]).includes(this.tokens[id] ?? '');
  }
}

/** Words never stored whole: anything with a digit (numbers are spelled digit by digit). */
function spellAlways(w: string): boolean {
  return /\d/.test(w) && !/^<\d+>$/.test(w);
}

/**
 * The trace model's tokenizer that lets a model compute: one vocabulary for source and trace in
 * which numbers are written digit by digit and string contents character by character, while names,
 * keywords, operators and the format's structure tokens stay whole.
 *
 * - Fixed tokens: control (`<pad> <unk> <sep> <eos>`), prefixes, the paper's structure tokens
 *   (`<state> </state> <dictsep> :`, loss weight 1), `<line> <output> <indent> <dedent> <function>`,
 *   line tokens `<0>` … `<199>`, and `<sp>` (the space between two spelled words).
 * - Whole words: Python keywords, common builtins and methods, operators and value punctuation
 *   (fixed lists, so every program has them), plus the names fitted on training sources.
 * - Characters: printable ASCII (and any other character seen when fitting). A name outside the
 *   vocabulary is spelled, so a held-out program never needs `<unk>` unless it holds a character
 *   the fit never saw.
 *
 * Roles decide the form: in a trace, the word before `:` in a state is a name (whole when known),
 * every value and output word is spelled except `[ ] ( ) { } , :` and `True False None`; in source,
 * number and string lexemes are spelled. `decodeTrace(encodeTrace(t)) === t` for any single-spaced
 * trace over known characters. Browser-safe; serialises to JSON.
 */
import { ArgumentError, LmkitError } from '@lmkit/tensor';
import { fnv1a } from '../datasets/splits.js';
import { lexPython, MAX_LINE_TOKEN } from './python-lexemes.js';

/** Control tokens of the model. */
export const CONTROL_TOKENS = ['<pad>', '<unk>', '<sep>', '<eos>'] as const;
/** Dataset prefixes (the reference prepends one to the source). */
export const PREFIX_TOKENS = ['<singleline>', '<tutorial>', '<codenet>'] as const;
/** Structure tokens of the trace format (loss weight 1 in the paper; every other trace token weighs 10). */
export const STRUCTURE_TOKENS = ['<state>', '</state>', '<dictsep>', ':'] as const;
/** Other format tokens. */
export const FORMAT_TOKENS = ['<line>', '<output>', '<indent>', '<dedent>', '<function>'] as const;

/** Serialised form of a {@link TraceTokenizer}. */
export interface TraceTokenizerJSON {
  type: 'lmkit-trace-chars';
  /** Fitted names (the fixed lists are part of the code, versioned by `version`). */
  names: string[];
  /** Characters beyond printable ASCII seen when fitting. */
  extraChars: string[];
  version: 1;
}

/** Options of {@link TraceTokenizer.fit}. */
export interface TokenizerFitOptions {
  /** A name needs this many occurrences in the training sources to become one token. Default 5. */
  minCount?: number;
  /** At most this many fitted names. Default 600. */
  maxNames?: number;
}

/** Data prefix of a program. */
export type TracePrefix = 'singleline' | 'tutorial' | 'codenet';

const SPACE = '<sp>';
const LINE_TOKENS = Array.from({ length: MAX_LINE_TOKEN + 1 }, (_, k) => `<${k}>`);
const KEYWORDS = 'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' ');
const BUILTINS = 'print len range sum max min abs int str float list dict set tuple sorted reversed enumerate zip round bool map filter any all isinstance type ord chr divmod pow input repr self'.split(' ');
const METHODS = 'append extend insert pop remove index count sort reverse upper lower capitalize title strip lstrip rstrip split join replace find startswith endswith get keys values items update add clear copy format isdigit isalpha setdefault'.split(' ');
const OPERATORS = '** // == != <= >= += -= *= /= //= %= **= &= |= ^= >>= <<= @= -> := << >> + - * / % @ & | ^ ~ < > = ( ) [ ] { } : ; , . \' " \'\'\' """'.split(' ');
/** Value words kept whole in traces (everything else in a value is spelled). */
const VALUE_WORDS = new Set(['[', ']', '(', ')', '{', '}', ',', ':', 'True', 'False', 'None']);
const ASCII = Array.from({ length: 0x7e - 0x21 + 1 }, (_, i) => String.fromCharCode(0x21 + i));
const FIXED = [...CONTROL_TOKENS, ...PREFIX_TOKENS, ...STRUCTURE_TOKENS, ...FORMAT_TOKENS, SPACE, ...LINE_TOKENS];
const FIXED_WORDS = [...new Set([...KEYWORDS, ...BUILTINS, ...METHODS, ...OPERATORS])].filter((w) => !FIXED.includes(w));

/** A token to emit: a whole word or one character of a spelled word. */
type Piece = { word: string } | { char: string } | { space: true };

/** See the module comment. */
export class TraceTokenizer {
  /** Whole tokens by id (fixed, then words), then characters. */
  private readonly wordIds = new Map<string, number>();
  private readonly charIds = new Map<string, number>();
  private readonly byId: Array<{ word: string } | { char: string }> = [];
  private readonly structureIds: ReadonlySet<number>;
  readonly pad: number;
  readonly unk: number;
  readonly sep: number;
  readonly eos: number;
  private readonly space: number;

  private constructor(
    private readonly names: readonly string[],
    private readonly extraChars: readonly string[],
  ) {
    for (const w of [...FIXED, ...FIXED_WORDS, ...names]) {
      if (this.wordIds.has(w)) continue;
      this.wordIds.set(w, this.byId.length);
      this.byId.push({ word: w });
    }
    for (const c of [...ASCII, ...extraChars]) {
      if (this.charIds.has(c)) continue;
      this.charIds.set(c, this.byId.length);
      this.byId.push({ char: c });
    }
    const id = (w: string): number => this.wordIds.get(w)!;
    this.pad = id('<pad>');
    this.unk = id('<unk>');
    this.sep = id('<sep>');
    this.eos = id('<eos>');
    this.space = id(SPACE);
    this.structureIds = new Set(STRUCTURE_TOKENS.map(id));
  }

  /** Fits the names on training programs (sources and traces); characters beyond ASCII are added when seen. */
  static fit(programs: Iterable<{ source: string; trace: string }>, options: TokenizerFitOptions = {}): TraceTokenizer {
    const minCount = options.minCount ?? 5;
    const maxNames = options.maxNames ?? 600;
    const counts = new Map<string, number>();
    const chars = new Set<string>();
    const fixed = new Set([...FIXED, ...FIXED_WORDS]);
    for (const p of programs) {
      for (const l of lexPython(p.source)) if (l.kind === 'name' && !fixed.has(l.text)) counts.set(l.text, (counts.get(l.text) ?? 0) + 1);
      for (const c of p.source + p.trace) if (c > '~') chars.add(c);
    }
    const names = [...counts]
      .filter(([w, n]) => n >= minCount && w.length > 1)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxNames)
      .map(([w]) => w)
      .sort();
    return new TraceTokenizer(names, [...chars].sort());
  }

  /** Restores a tokenizer from {@link toJSON}; `LMKIT_BAD_CHECKPOINT` for anything else. */
  static fromJSON(json: unknown): TraceTokenizer {
    const j = json as Partial<TraceTokenizerJSON> | null;
    const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((t) => typeof t === 'string');
    if (j?.type !== 'lmkit-trace-chars' || j.version !== 1 || !strings(j.names) || !strings(j.extraChars)) {
      throw new LmkitError('LMKIT_BAD_CHECKPOINT', 'not a character-level trace tokenizer (expected {"type":"lmkit-trace-chars","version":1,…}); was the model trained by another lmkit version?');
    }
    return new TraceTokenizer(j.names, j.extraChars);
  }

  /** The serialisable description (the inverse of `fromJSON`). */
  toJSON(): TraceTokenizerJSON {
    return { type: 'lmkit-trace-chars', names: [...this.names], extraChars: [...this.extraChars], version: 1 };
  }

  /** Number of tokens. */
  get vocabSize(): number {
    return this.byId.length;
  }

  /** A short hash of the whole vocabulary (two tokenizers with equal fingerprints encode alike). */
  fingerprint(): string {
    return `${this.vocabSize}-${fnv1a(JSON.stringify(this.toJSON())).toString(16)}`;
  }

  /** Id of a whole token (`<line>`, `<3>`, `append` …), or undefined. */
  id(word: string): number | undefined {
    return this.wordIds.get(word);
  }

  /** True for the paper's structure tokens (loss weight 1). */
  isStructure(id: number): boolean {
    return this.structureIds.has(id);
  }

  /** Readable form of a token id (characters as themselves, whole words as words). */
  tokenText(id: number): string {
    const t = this.byId[id];
    if (!t) throw new ArgumentError(`token id ${id} is outside the vocabulary [0, ${this.byId.length})`);
    return 'word' in t ? t.word : t.char;
  }

  /** The prompt: `<prefix> source <sep>`. */
  encodePrompt(source: string, prefix: TracePrefix): number[] {
    return [this.wordIds.get(`<${prefix}>`)!, ...this.encodeSource(source), this.sep];
  }

  /** Source → ids (names whole when known, numbers and string contents spelled). */
  encodeSource(source: string): number[] {
    const pieces: Piece[] = [];
    for (const l of lexPython(source)) {
      if (l.kind === 'line') pieces.push({ word: l.token });
      else if (l.kind === 'indent' || l.kind === 'dedent') pieces.push({ word: `<${l.kind}>` });
      else if (l.kind === 'string') {
        if (l.prefix) this.spell(l.prefix, pieces);
        pieces.push({ word: l.quote });
        for (const w of l.words) this.spell(w, pieces); // spell() puts <sp> between two spelled words
        pieces.push({ word: l.quote });
      } else if (l.kind === 'number') this.spell(l.text, pieces);
      else if (l.kind === 'name' || l.kind === 'op') this.wordOrSpell(l.text, pieces);
    }
    return this.toIds(pieces);
  }

  /** Trace text → ids, by role (see the module comment). */
  encodeTrace(text: string): number[] {
    const pieces: Piece[] = [];
    let role: 'name' | 'value' | 'free' = 'free';
    for (const w of text.split(/\s+/).filter(Boolean)) {
      if (w === '<state>' || w === '<dictsep>') {
        pieces.push({ word: w });
        role = 'name';
      } else if (w === '</state>' || w === '<line>') {
        pieces.push({ word: w });
        role = 'free';
      } else if (w === '<output>') {
        pieces.push({ word: w });
        role = 'value';
      } else if (role === 'name') {
        if (w === ':') {
          pieces.push({ word: w });
          role = 'value';
        } else this.wordOrSpell(w, pieces);
      } else if (role === 'value') {
        if (VALUE_WORDS.has(w)) pieces.push({ word: w });
        else this.spell(w, pieces);
      } else this.wordOrSpell(w, pieces);
    }
    return this.toIds(pieces);
  }

  /** Ids → trace text (whole tokens and spelled words joined by single spaces; control tokens dropped). */
  decodeTrace(ids: readonly number[]): string {
    const words: string[] = [];
    let cur: string | null = null;
    const close = (): void => {
      if (cur !== null) words.push(cur);
      cur = null;
    };
    for (const id of ids) {
      const t = this.byId[id];
      if (!t) throw new ArgumentError(`token id ${id} is outside the vocabulary [0, ${this.byId.length})`);
      if ('char' in t) {
        cur = (cur ?? '') + t.char;
        continue;
      }
      close();
      if (id === this.pad || id === this.sep || id === this.eos || id === this.space) continue;
      words.push(t.word);
    }
    close();
    return words.join(' ');
  }

  private wordOrSpell(w: string, pieces: Piece[]): void {
    if (this.wordIds.has(w)) pieces.push({ word: w });
    else this.spell(w, pieces);
  }

  private spell(w: string, pieces: Piece[]): void {
    const last = pieces[pieces.length - 1];
    if (last && 'char' in last) pieces.push({ space: true });
    for (const c of w) pieces.push({ char: c });
  }

  private toIds(pieces: Piece[]): number[] {
    return pieces.map((p) => ('word' in p ? (this.wordIds.get(p.word) ?? this.unk) : 'char' in p ? (this.charIds.get(p.char) ?? this.unk) : this.space));
  }
}

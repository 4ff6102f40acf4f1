import { wordTokens } from '../text/tokenize.js';

/** Padding id of a {@link WordVocab}. */
export const PAD = 0;
/** Id of words outside a {@link WordVocab}. */
export const UNK = 1;
/** Separator between paragraphs (also the start-of-text token). */
export const SEP = 2;

/** A word-level vocabulary for the small LM: `<pad>`, `<unk>`, `<sep>`, then the most frequent words. */
export class WordVocab {
  readonly words: string[];
  private readonly ids: Map<string, number>;

  constructor(words: string[]) {
    this.words = ['<pad>', '<unk>', '<sep>', ...words];
    this.ids = new Map(this.words.map((w, i) => [w, i]));
  }

  /** The `size − 3` most frequent tokens of `texts` (ties by first appearance), plus `required` words. */
  static fromTexts(texts: string[], size: number, required: string[] = []): WordVocab {
    const counts = new Map<string, number>();
    for (const t of texts) for (const w of wordTokens(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
    const words = [...required.filter((w, i) => required.indexOf(w) === i)];
    const have = new Set(words);
    for (const [w] of [...counts].sort((a, b) => b[1] - a[1])) {
      if (words.length >= size - 3) break;
      if (!have.has(w)) words.push(w);
    }
    return new WordVocab(words);
  }

  get size(): number {
    return this.words.length;
  }

  /** Id of a token (`<unk>` when unknown). */
  id(word: string): number {
    return this.ids.get(word) ?? UNK;
  }

  /** Token ids of a text. */
  encode(text: string): number[] {
    return wordTokens(text).map((w) => this.id(w));
  }
}

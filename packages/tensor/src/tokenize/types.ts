/**
 * A tokenizer maps text to integer ids in `[0, vocabSize)` and back. Every lmkit tokenizer is
 * browser-safe and serialises to plain JSON (see `tokenizerFromJSON`).
 */
export interface Tokenizer {
  /** Number of distinct ids. */
  readonly vocabSize: number;
  /** Text → ids. */
  encode(text: string): number[];
  /** Ids → text. Throws `LMKIT_BAD_ARGUMENT` for an id outside the vocabulary. */
  decode(ids: number[]): string;
  /** A JSON-serialisable description that `tokenizerFromJSON` turns back into an equal tokenizer. */
  toJSON(): unknown;
}

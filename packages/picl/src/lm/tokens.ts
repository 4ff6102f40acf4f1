import { BpeTokenizer } from '@lmkit/tensor';

/** Padding id of the picl LMs (the NUL byte; padded positions get loss weight 0). */
export const PAD = 0;

/** Separator before every paragraph: the ASCII record-separator byte, which {@link cleanText} removes from texts. */
export const SEP = 0x1e;

/** A text without control characters (so no paragraph can contain {@link SEP} or {@link PAD}), whitespace collapsed. */
export function cleanText(text: string): string {
  let out = '';
  for (const ch of text) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || c === 0x7f ? ' ' : ch;
  }
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Trains the picl LMs' byte-level BPE (the core's `BpeTokenizer`) on paragraphs, reading at most
 * `maxChars` characters of them (every paragraph contributes its start, in the given order).
 */
export function trainPiclTokenizer(texts: readonly string[], vocabSize: number, maxChars = 2_000_000): BpeTokenizer {
  const perText = Math.max(16, Math.floor(maxChars / Math.max(1, texts.length)));
  const sample = texts.map((t) => cleanText(t).slice(0, perText)).join('\n');
  return BpeTokenizer.train(sample.slice(0, maxChars), { vocabSize });
}

/** Token ids of a paragraph (cleaned first). */
export function paragraphIds(tokenizer: { encode(text: string): number[] }, text: string): number[] {
  return tokenizer.encode(cleanText(text));
}

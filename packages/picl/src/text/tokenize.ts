/**
 * Word-level tokenisation shared by the splitter, BM25, GloVe pooling and the small LM: lower-cased
 * words (letters/digits with inner apostrophes or hyphens) and single punctuation marks.
 */
const TOKEN = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/** Splits text into lower-cased word and punctuation tokens. */
export function wordTokens(text: string): string[] {
  return (text.toLowerCase().match(TOKEN) ?? []).map((t) => t.replace(/’/g, "'"));
}

/** Number of {@link wordTokens} in `text`. */
export function countTokens(text: string): number {
  return text.match(TOKEN)?.length ?? 0;
}

/** The first `maxTokens` tokens of `text`, keeping the original spelling and spacing. */
export function truncateTokens(text: string, maxTokens: number): string {
  if (maxTokens <= 0) return '';
  let n = 0;
  for (const m of text.matchAll(TOKEN)) {
    n++;
    if (n === maxTokens) return text.slice(0, (m.index ?? 0) + m[0].length);
  }
  return text;
}

/** Result of {@link splitDocuments}. */
export interface CorpusSplit {
  /** Training text. */
  train: string;
  /** Validation text. */
  valid: string;
}

/** Separator placed between documents when they are joined into one text. */
export const DOCUMENT_SEPARATOR = '\n\n';

/**
 * Deterministic train/valid split. Document `i` (0-based) goes to valid when
 * `⌊(i+1)·f⌋ > ⌊i·f⌋`, which spreads `⌊n·f⌋` valid documents evenly over the corpus (for
 * f = 0.1: documents 9, 19, 29, …). With too few documents for that (n·f < 1) the joined text is
 * cut instead: the last `f` of its characters are valid.
 */
export function splitDocuments(documents: readonly string[], validFraction: number): CorpusSplit {
  const train: string[] = [];
  const valid: string[] = [];
  documents.forEach((d, i) => {
    (Math.floor((i + 1) * validFraction) > Math.floor(i * validFraction) ? valid : train).push(d);
  });
  if (valid.length > 0 && train.length > 0) {
    return { train: train.join(DOCUMENT_SEPARATOR), valid: valid.join(DOCUMENT_SEPARATOR) };
  }
  const all = documents.join(DOCUMENT_SEPARATOR);
  let cut = Math.round(all.length * (1 - validFraction));
  const c = all.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut -= 1; // keep surrogate pairs whole
  return { train: all.slice(0, cut), valid: all.slice(cut) };
}

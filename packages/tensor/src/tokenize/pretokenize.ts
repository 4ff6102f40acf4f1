/**
 * Splits text into chunks that BPE merges never cross: runs of letters, of digits, of other
 * symbols (each optionally led by one space), and whitespace. Lossless: the chunks concatenate
 * to the input exactly. Chunks longer than {@link MAX_CHUNK} UTF-16 units are cut (never inside
 * a surrogate pair) so encoding cost stays linear in the text length.
 */
const PATTERN = / ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+/gu;

/** Longest chunk, in UTF-16 code units. */
export const MAX_CHUNK = 64;

/** The pre-tokenization chunks of `text`, in order. */
export function pretokenize(text: string): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of text.matchAll(PATTERN)) {
    const at = m.index ?? 0;
    if (at > last) pushCut(out, text.slice(last, at)); // defensive: keep any gap the pattern skipped
    if (m[0].length > 0) pushCut(out, m[0]);
    last = at + m[0].length;
  }
  if (last < text.length) pushCut(out, text.slice(last));
  return out;
}

function pushCut(out: string[], chunk: string): void {
  let i = 0;
  while (chunk.length - i > MAX_CHUNK) {
    let end = i + MAX_CHUNK;
    const prev = chunk.charCodeAt(end - 1);
    if (prev >= 0xd800 && prev <= 0xdbff) end -= 1; // do not split a surrogate pair
    out.push(chunk.slice(i, end));
    i = end;
  }
  out.push(chunk.slice(i));
}

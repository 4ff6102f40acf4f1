/** Abbreviations after which a period does not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'etc', 'e.g', 'i.e', 'no', 'gen', 'col', 'capt', 'u.s', 'mt']);

/**
 * Splits text into sentences at `.`, `!` or `?` (optionally followed by quotes or brackets) before
 * whitespace and an upper-case letter, digit or quote, and at blank lines. Known abbreviations and
 * single initials do not end a sentence.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const s = block.replace(/\s+/g, ' ').trim();
    if (!s) continue;
    const re = /[.!?]+["'”’)\]]*\s+(?=["'“‘([]?[\p{Lu}\p{N}])/gu;
    let start = 0;
    for (const m of s.matchAll(re)) {
      const end = (m.index ?? 0) + m[0].length;
      const before = s.slice(start, m.index).split(/\s+/).pop() ?? '';
      const word = before.toLowerCase().replace(/^[^\p{L}]+/u, '');
      if (m[0].startsWith('.') && (ABBREVIATIONS.has(word) || /^\p{L}$/u.test(word))) continue;
      out.push(s.slice(start, end).trim());
      start = end;
    }
    const rest = s.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

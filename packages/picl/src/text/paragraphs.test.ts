import { describe, expect, it } from 'vitest';
import { splitParagraphs } from './paragraphs.js';
import { splitSentences } from './sentences.js';
import { countTokens, truncateTokens, wordTokens } from './tokenize.js';

describe('wordTokens', () => {
  it('lower-cases words and keeps punctuation as tokens', () => {
    expect(wordTokens("Don't panic, Mr. Smith!")).toEqual(["don't", 'panic', ',', 'mr', '.', 'smith', '!']);
    expect(countTokens("Don't panic, Mr. Smith!")).toBe(7);
  });
  it('truncates to the first n tokens keeping the original text', () => {
    expect(truncateTokens('One two, three four.', 3)).toBe('One two,');
    expect(truncateTokens('One two', 5)).toBe('One two');
  });
});

describe('splitSentences', () => {
  it('splits at sentence ends but not after abbreviations or initials', () => {
    expect(splitSentences('Mr. Smith met J. Doe. They talked! Did it rain? "Yes." It did.')).toEqual([
      'Mr. Smith met J. Doe.',
      'They talked!',
      'Did it rain?',
      '"Yes."',
      'It did.',
    ]);
  });
});

describe('splitParagraphs', () => {
  const sentence = (i: number): string => `Sentence number ${i} has exactly eight tokens.`; // 8 tokens
  it('packs whole sentences up to the limit and never exceeds it', () => {
    const text = Array.from({ length: 10 }, (_, i) => sentence(i)).join(' ');
    const paras = splitParagraphs(text, { maxTokens: 20 });
    expect(paras).toHaveLength(5); // 2 sentences (16 tokens) per paragraph
    for (const p of paras) expect(countTokens(p)).toBeLessThanOrEqual(20);
    expect(paras.join(' ')).toBe(text);
  });
  it('starts a new paragraph at a blank line', () => {
    expect(splitParagraphs(`${sentence(1)}\n\n${sentence(2)}`, { maxTokens: 128 })).toEqual([sentence(1), sentence(2)]);
  });
  it('cuts a single over-long sentence at the limit', () => {
    const long = Array.from({ length: 300 }, (_, i) => `w${i}`).join(' ') + '.';
    const [p] = splitParagraphs(long);
    expect(countTokens(p!)).toBe(128);
  });
  it('rejects a non-positive limit', () => {
    expect(() => splitParagraphs('a', { maxTokens: 0 })).toThrow(/maxTokens/);
  });
});

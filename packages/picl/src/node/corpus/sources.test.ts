import { describe, expect, it } from 'vitest';
import { cleanText, SEP } from '../../lm/tokens.js';
import { brownText, readBrown, readUsageExamples, speechEra } from './sources.js';

describe('corpus sources', () => {
  it('turns tagged Brown text into plain running text', () => {
    const tagged = "\n\n\tThe/at jury/nn said/vbd ``/`` no/at evidence/nn ''/'' ./.\n\n\n\tIt/pps ended/vbd ,/, too/rb ./.\n";
    expect(brownText(tagged)).toBe('The jury said "no evidence". It ended, too.');
  });
  it('reads the 500 Brown texts with one task per genre', () => {
    const texts = readBrown();
    expect(texts).toHaveLength(500);
    expect(new Set(texts.map((t) => t.task)).size).toBe(15);
    expect(texts[0]!.task).toBe('brown:news');
    expect(texts[0]!.text.startsWith("The Fulton County Grand Jury said Friday an investigation of Atlanta's recent primary election")).toBe(true);
  });
  it('names 20-year State of the Union eras from 1790', () => {
    expect(speechEra(1790)).toBe('speech:1790-1809');
    expect(speechEra(1809)).toBe('speech:1790-1809');
    expect(speechEra(1850)).toBe('speech:1850-1869');
    expect(speechEra(2021)).toBe('speech:2010-2029');
  });
  it('reads WordNet usage examples as `lemma: example` for topics with enough of them', () => {
    const usage = readUsageExamples(5, 100);
    const topics = new Set(usage.map((u) => u.task));
    expect(topics.has('usage:verb.motion')).toBe(true);
    expect(topics.has('usage:noun.animal')).toBe(false); // 39 synsets with examples < 100
    for (const u of usage) expect(u.text).toMatch(/^[^:]+: \S/);
  });
  it('cleans control characters out of texts so no paragraph contains the separator', () => {
    expect(cleanText(`a${String.fromCharCode(SEP)}b\n\tc  d`)).toBe('a b c d');
  });
});

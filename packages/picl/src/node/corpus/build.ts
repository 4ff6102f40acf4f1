import { formatOf, type CorpusSize, type LabelledCorpus, type Paragraph, type ParagraphLabel } from '../../corpus/types.js';
import { splitParagraphs } from '../../text/paragraphs.js';
import { readBrown, readGlosses, readMails, readNovel, readReviews, readSpeeches, readUsageExamples, type RawText } from './sources.js';

/** Splits labelled raw texts into ≤ `maxTokens` paragraphs; labels go to a separate map. */
export function corpusFromTexts(texts: RawText[], options: { maxTokens?: number; paragraphsPerText?: number; minTokens?: number } = {}): LabelledCorpus {
  const paragraphs: Paragraph[] = [];
  const labels = new Map<string, ParagraphLabel>();
  const counters = new Map<string, number>();
  const docs = new Map<string, number>();
  for (const t of texts) {
    const parts = splitParagraphs(t.text, { maxTokens: options.maxTokens ?? 128, minTokens: options.minTokens ?? 4 }).slice(0, options.paragraphsPerText ?? Infinity);
    const source = t.source.replace(/[^a-z0-9]+/gi, '-');
    const doc = `${source}-d${docs.get(source) ?? 0}`;
    docs.set(source, (docs.get(source) ?? 0) + 1);
    for (const text of parts) {
      const n = counters.get(t.source) ?? 0;
      counters.set(t.source, n + 1);
      const id = `${source}-${n}`;
      paragraphs.push({ id, text, doc });
      labels.set(id, { source: t.source, task: t.task, format: formatOf(t.task), ...(t.label !== undefined ? { label: t.label } : {}) });
    }
  }
  return { paragraphs, labels };
}

/**
 * The PICL corpus from the data packages: review sentences (sentiment), spam/ham mails, WordNet
 * definitions and usage examples by topic, State of the Union paragraphs by era, Brown corpus
 * paragraphs by genre and Moby Dick paragraphs. Deterministic.
 */
export function buildPiclCorpus(size: CorpusSize = {}): LabelledCorpus {
  const per = size.paragraphsPerText ?? 6;
  const short = [...readReviews(size.reviewsPerDomain ?? 1000), ...readGlosses(size.glossesPerTopic ?? 200), ...readUsageExamples(size.usagePerTopic ?? 150)];
  const prose = [...readSpeeches(size.speeches ?? 60), ...readNovel(size.chapters ?? 40), ...readBrown(size.brownTexts ?? 120)];
  const maxTokens = size.maxTokens ?? 128;
  const parts = [
    corpusFromTexts(short, { maxTokens, paragraphsPerText: 1 }),
    corpusFromTexts(readMails(size.mailsPerClass ?? 400), { maxTokens, paragraphsPerText: 2, minTokens: 6 }),
    corpusFromTexts(prose, { maxTokens, paragraphsPerText: per }),
  ];
  return { paragraphs: parts.flatMap((p) => p.paragraphs), labels: new Map(parts.flatMap((p) => [...p.labels])) };
}

/** A paragraph: the unit PICL retrieves and concatenates. The pipeline sees only `id` and `text`. */
export interface Paragraph {
  /** Unique, stable id (kept in instances and index files). */
  id: string;
  /** The text, at most 128 tokens when produced by the splitter. */
  text: string;
  /** The document it was split from (paragraphs of one document share it); plain pre-training keeps them in order. */
  doc?: string;
}

/** Evaluation-only metadata of a paragraph: where it came from and its intrinsic task. */
export interface ParagraphLabel {
  /** Data package it came from, e.g. `sentiment/yelp`. */
  source: string;
  /** Intrinsic task, `format:name`, e.g. `review:restaurant` or `gloss:noun.animal`. */
  task: string;
  /** Surface format (the part of `task` before `:`), e.g. `review`, `gloss`, `email`, `prose`. */
  format: string;
  /** Class within the task where the source has one (e.g. `positive`, `spam`). */
  label?: string;
}

/**
 * A corpus with its labels kept apart: `paragraphs` go to the pipeline, `labels` (by paragraph id)
 * only to evaluation and to the retriever's training pairs (train tasks only).
 */
export interface LabelledCorpus {
  paragraphs: Paragraph[];
  labels: ReadonlyMap<string, ParagraphLabel>;
}

/** The surface format of a task name (`review:movie` → `review`). */
export function formatOf(task: string): string {
  const i = task.indexOf(':');
  return i < 0 ? task : task.slice(0, i);
}

/** How much of each data package `buildPiclCorpus` (`@lmkit/picl/node`) reads. */
export interface CorpusSize {
  /** Review sentences per domain (imdb, amazon, yelp). Default 1000 (all). */
  reviewsPerDomain?: number;
  /** WordNet synsets per lexicographer file. Default 200. */
  glossesPerTopic?: number;
  /** Mails per class (spam, ham). Default 400. */
  mailsPerClass?: number;
  /** State of the Union addresses. Default 60. */
  speeches?: number;
  /** Moby Dick chapters. Default 40. */
  chapters?: number;
  /** WordNet synsets with usage examples per lexicographer file. Default 150. */
  usagePerTopic?: number;
  /** Brown corpus texts (of 500). Default 120. */
  brownTexts?: number;
  /** Paragraphs kept per prose/email source text (the rest is dropped). Default 6. */
  paragraphsPerText?: number;
  /** Paragraph limit in tokens. Default 128. */
  maxTokens?: number;
}

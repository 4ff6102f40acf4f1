/**
 * @lmkit/picl — PICL (Pre-Training to Learn in Context, arXiv 2305.09137): paragraph splitting,
 * encoders and a contrastive retriever, vector indexes, PICL instance construction and the loss
 * filter. Browser-safe; the native HNSW index, data-package corpus and experiment live in
 * `@lmkit/picl/node`.
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/picl';
export * from './errors.js';
export { wordTokens, countTokens, truncateTokens } from './text/tokenize.js';
export { splitSentences } from './text/sentences.js';
export { splitParagraphs, PICL_MAX_PARAGRAPH_TOKENS, type SplitOptions } from './text/paragraphs.js';
export { formatOf, type Paragraph, type ParagraphLabel, type LabelledCorpus } from './corpus/types.js';
export {
  WORDNET_LEXNAMES,
  HELD_OUT_LEXNAMES,
  HELD_OUT_TASKS,
  EVAL_TASKS,
  isHeldOutTask,
  isTrainTask,
  type EvalTaskSpec,
} from './corpus/tasks.js';

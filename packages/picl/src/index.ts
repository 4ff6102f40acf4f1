/**
 * @lmkit/picl — PICL (Pre-Training to Learn in Context, arXiv 2305.09137): paragraph splitting,
 * encoders and a contrastive retriever, vector indexes, PICL instance construction and the loss
 * filter, and the experiment (given a corpus, GloVe vectors and a store). Browser-safe; the native
 * HNSW index, the data-package corpus, the work folder and the `lmkit reproduce` section live in
 * `@lmkit/picl/node`.
 * @packageDocumentation
 */
export * from './errors.js';
export { wordTokens, countTokens, truncateTokens } from './text/tokenize.js';
export { splitSentences } from './text/sentences.js';
export { splitParagraphs, PICL_MAX_PARAGRAPH_TOKENS, type SplitOptions } from './text/paragraphs.js';
export { formatOf, type Paragraph, type ParagraphLabel, type LabelledCorpus, type CorpusSize } from './corpus/types.js';
export {
  WORDNET_LEXNAMES,
  HELD_OUT_LEXNAMES,
  HELD_OUT_TASKS,
  EVAL_TASKS,
  isHeldOutTask,
  isTrainTask,
  type EvalTaskSpec,
  type ClassOf,
} from './corpus/tasks.js';
export { normalize, type Encoder } from './encode/types.js';
export { GloveTable, MeanGloveEncoder, isWordToken } from './encode/glove.js';
export { Bm25Index, bm25Terms, type Bm25Options } from './encode/bm25.js';
export { TrainedEncoder, type TrainedEncoderConfig, type TrainedEncoderJSON } from './encode/trained.js';
export { GroupSampler, PICL_HARD_NEGATIVES, type TaskExample, type ContrastiveGroup } from './encode/pairs.js';
export { trainRetriever, multiPositiveInfoNce, type TrainRetrieverOptions } from './encode/train-retriever.js';
export { trainExamples } from './encode/train-examples.js';
export { topK, type IndexHit } from './vector-index/topk.js';
export type { VectorIndex } from './vector-index/types.js';
export { BruteForceIndex } from './vector-index/brute.js';
export { storeFromIndex, recallAtK, type VectorStore } from './vector-index/store.js';
export { exactSearchBatch } from './vector-index/exact-batch.js';
export { crc32 } from './vector-index/crc32.js';
export { DenseRetriever, Bm25Retriever, RandomRetriever, type ParagraphRetriever } from './retrieve/retriever.js';
export { sameTaskPrecision, type PrecisionResult } from './eval/precision.js';
export {
  buildInstances,
  instanceTexts,
  instanceParagraphs,
  instanceStats,
  PICL_K,
  PICL_DEMO_MAX_TOKENS,
  PICL_BUDGET,
  PICL_MAX_DEMOS,
  type InstanceOptions,
  type PiclInstance,
} from './instances/build.js';
export { lossFilter, type FilterOptions, type FilterResult } from './instances/filter.js';
export { PAD, SEP, cleanText, trainPiclTokenizer, paragraphIds } from './lm/tokens.js';
export { spanLosses, tokenLosses, nextTokenLogProbs } from './lm/losses.js';
export { plainStream, instanceStream } from './lm/streams.js';
export { trainOnStream, mixedBatch, type TrainOnStreamOptions, type TrainOnStreamResult } from './lm/train-on-stream.js';
export { verbalizerAccuracy, type VerbalizerOptions, type VerbalizerResult, type LabelledIds } from './eval/verbalizer.js';
export { buildGainItems, measureGain, meanGainByK, type GainItem, type GainMeasure, type GainParagraph, type GainItemOptions } from './eval/gain.js';
export { meanCi, tQuantile975, separated, type MeanCi } from './eval/stats.js';
export { DocsIndex, type DocsIndexJSON, type DocsHit } from './docs/docs-index.js';
export { runPiclExperiment, runJobsInline, piclWorkKey, type PiclExperimentOptions, type JobRunner } from './experiment/run.js';
export { piclJobs, jobName, jobDependency, jobUnits, runPiclJob, readJobResult, type PiclJob, type JobResult, type FilterScores } from './experiment/jobs.js';
export { preparePicl, type PreparedPicl, type PrepareOptions } from './experiment/prepare.js';
export type { PiclResults } from './experiment/report.js';
export { QUICK_SETTINGS, FULL_SETTINGS, CONDITIONS, trainingTokens, resolveSettings, type PiclSettings, type Condition, type InstanceRetriever } from './experiment/settings.js';
export { PAPER_NUMBERS } from './experiment/paper.js';
export { memoryStore, type ExperimentStore } from './experiment/store.js';

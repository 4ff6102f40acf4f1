/**
 * @lmkit/picl/node — Node-only parts: the corpus from the data packages, the GloVe cache, the
 * hnswlib-node index, index files, and the `picl` section of `lmkit reproduce`.
 * @packageDocumentation
 */

export { buildPiclCorpus, corpusFromTexts } from './corpus/build.js';
export { loadGlove, parseWinkJson, type LoadGloveOptions } from './glove/cache.js';
export { lmkitCacheDir } from './cache-dir.js';
export { writeFileAtomicSync } from './atomic.js';
export { HnswIndex, type HnswOptions } from './vector-index/hnsw.js';
export { saveIndexFile, loadIndexFile, type StoredIndex, type IndexItems, type EncoderSpec } from './vector-index/file.js';
export { buildIndex, mergeIndexes, type BuildIndexOptions } from './vector-index/build.js';
export { searchStored, queryEncoder, retrieverForStored, type SearchHit } from './vector-index/query.js';
export { LanceStore, LANCE_DEFAULTS, LANCE_TABLE, type LanceStoreOptions } from './vector-index/lancedb-store.js';
export { LanceTableRef, parseStore, buildLanceIndex, lanceRetriever, searchLance, type BuildLanceIndexOptions } from './vector-index/lancedb-index.js';
export { gloveSentenceVectors, type SentenceVectors } from './vector-index/sentence-vectors.js';
export { loadUserCorpus } from './corpus/load.js';
export { defaultTrainedEncoder, loadTrainedEncoder, saveTrainedEncoder, DEFAULT_RETRIEVER_TRAINING } from './retriever.js';
export { readReviews, readGlosses, readUsageExamples, readMails, readSpeeches, readNovel, readBrown, brownText, speechEra, mailBody, BROWN_GENRES, SPEECH_ERA_YEARS, type RawText } from './corpus/sources.js';

export { reproducePicl, runPiclExperimentNode, piclWorkFolder, type NodeRunOptions } from './run-experiment.js';
export { processJobRunner, jobProcessEntry, type ProcessPoolOptions } from './job-pool.js';
export { buildDocsIndex, writeDocsIndex, type DocsIndexOptions } from './docs-index.js';

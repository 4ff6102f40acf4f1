/**
 * @lmkit/picl/node — Node-only parts: the corpus from the data packages, the GloVe cache, the
 * hnswlib-node index, index files, and the `picl` section of `lmkit reproduce`.
 * @packageDocumentation
 */

export { buildPiclCorpus, corpusFromTexts, type CorpusSize } from './corpus/build.js';
export { loadGlove, parseWinkJson, type LoadGloveOptions } from './glove/cache.js';
export { lmkitCacheDir } from './cache-dir.js';
export { writeFileAtomicSync } from './atomic.js';
export { HnswIndex, type HnswOptions } from './vector-index/hnsw.js';
export { saveIndexFile, loadIndexFile, type StoredIndex, type IndexItems, type EncoderSpec } from './vector-index/file.js';
export { buildIndex, mergeIndexes, type BuildIndexOptions } from './vector-index/build.js';
export { searchStored, queryEncoder, retrieverForStored, type SearchHit } from './vector-index/query.js';
export { loadUserCorpus } from './corpus/load.js';
export { defaultTrainedEncoder, loadTrainedEncoder, saveTrainedEncoder, trainExamples, DEFAULT_RETRIEVER_TRAINING } from './retriever.js';
export { readReviews, readGlosses, readMails, readSpeeches, readNovel, mailBody, type RawText } from './corpus/sources.js';

export { reproducePicl, runPiclExperiment, CONDITIONS } from './experiment/run.js';
export { buildReport, averageAccuracy, type PiclResults } from './experiment/report.js';
export { QUICK_SETTINGS, FULL_SETTINGS, type PiclSettings } from './experiment/settings.js';
export { PAPER_TABLE1_4SHOT, PAPER_RETRIEVER_ABLATION_4SHOT, PAPER_FILTER_KEPT, PAPER_SOURCE } from './experiment/paper.js';
export { buildDocsIndex, writeDocsIndex, type DocsIndexOptions } from './docs-index.js';

/**
 * @lmkit/picl/node — Node-only parts: the corpus from the data packages, the GloVe cache, the
 * hnswlib-node index, index files, and the `picl` section of `lmkit reproduce`.
 * @packageDocumentation
 */
import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

export { buildPiclCorpus, corpusFromTexts, type CorpusSize } from './corpus/build.js';
export { loadGlove, parseWinkJson, type LoadGloveOptions } from './glove/cache.js';
export { lmkitCacheDir } from './cache-dir.js';
export { writeFileAtomicSync } from './atomic.js';
export { HnswIndex, type HnswOptions } from './index/hnsw.js';
export { saveIndexFile, loadIndexFile, type StoredIndex, type IndexItems, type EncoderSpec } from './index/file.js';
export { buildIndex, mergeIndexes, type BuildIndexOptions } from './index/build.js';
export { searchStored, queryEncoder, retrieverForStored, type SearchHit } from './index/query.js';
export { loadUserCorpus } from './corpus/load.js';
export { defaultTrainedEncoder, loadTrainedEncoder, saveTrainedEncoder, trainExamples, DEFAULT_RETRIEVER_TRAINING } from './retriever.js';
export { readReviews, readGlosses, readMails, readSpeeches, readNovel, mailBody, type RawText } from './corpus/sources.js';

/** The `picl` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproducePicl: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'picl section not built yet');
};

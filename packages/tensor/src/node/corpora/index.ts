export { listCorpora, loadCorpus, type Corpus, type CorpusInfo, type LoadCorpusOptions } from './corpora.js';
export { splitDocuments, DOCUMENT_SEPARATOR, type CorpusSplit } from './split.js';

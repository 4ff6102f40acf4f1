import type { CorpusSize } from '../corpus/types.js';

/** Sizes of one run of the PICL experiment. */
export interface PiclSettings {
  corpus: CorpusSize;
  retrieverSteps: number;
  /** Held-out queries for the precision table. */
  precisionQueries: number;
  /** Query paragraphs (from the pre-training pool) that get an instance, per retriever. */
  instanceQueries: number;
  /** Context budget of an instance = the LM's training window. */
  budget: number;
  lm: { vocab: number; dModel: number; numHeads: number; numLayers: number; batchSize: number; steps: number; lr: number };
  /** Test queries per held-out task and shot count. */
  evalQueries: number;
  /** Tokens kept of each evaluation text (demos and query). */
  evalTextTokens: number;
  shots: number[];
}

/** `--quick`: about two minutes on 2 idle cores. */
export const QUICK_SETTINGS: PiclSettings = {
  corpus: { reviewsPerDomain: 400, glossesPerTopic: 40, mailsPerClass: 120, speeches: 15, chapters: 10, maxTokens: 48 },
  retrieverSteps: 60,
  precisionQueries: 200,
  instanceQueries: 400,
  budget: 128,
  lm: { vocab: 1500, dModel: 64, numHeads: 4, numLayers: 2, batchSize: 8, steps: 100, lr: 3e-3 },
  evalQueries: 40,
  evalTextTokens: 12,
  shots: [0, 4, 8],
};

/** The full run (tens of minutes on 2 cores). */
export const FULL_SETTINGS: PiclSettings = {
  corpus: { maxTokens: 128 },
  retrieverSteps: 200,
  precisionQueries: 600,
  instanceQueries: 4000,
  budget: 256,
  lm: { vocab: 4000, dModel: 96, numHeads: 4, numLayers: 3, batchSize: 16, steps: 800, lr: 2e-3 },
  evalQueries: 120,
  evalTextTokens: 24,
  shots: [0, 4, 8],
};

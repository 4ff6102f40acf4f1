import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentProgress, type ProgressReporter } from '@lmkit/tensor';
import type { GloveTable } from '../encode/glove.js';
import { trainRetriever, type TrainRetrieverOptions } from '../encode/train-retriever.js';
import { TrainedEncoder, type TrainedEncoderJSON } from '../encode/trained.js';
import { trainExamples } from '../encode/train-examples.js';
import { PiclError } from '../errors.js';
import { writeFileAtomicSync } from './atomic.js';
import { lmkitCacheDir } from './cache-dir.js';
import { buildPiclCorpus } from './corpus/build.js';

/** Default training of the PICL retriever (also used by `lmkit picl run`). */
export const DEFAULT_RETRIEVER_TRAINING: TrainRetrieverOptions = { steps: 200, batchSize: 32, maxTokens: 32, hidden: 64, lr: 1e-3, seed: 0 };

/** Reads trained encoder weights written by {@link saveTrainedEncoder}. */
export function loadTrainedEncoder(path: string, table: GloveTable): TrainedEncoder {
  if (!existsSync(path)) throw new PiclError('LMKIT_MISSING_FILE', `retriever weights ${path} do not exist: omit --weights to train the default retriever`);
  let json: TrainedEncoderJSON;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as TrainedEncoderJSON;
  } catch (e) {
    throw new PiclError('LMKIT_BAD_DATA', `retriever weights ${path} are not valid JSON: retrain them`, { cause: e });
  }
  return TrainedEncoder.fromJSON(table, json);
}

/** Writes trained encoder weights atomically. */
export function saveTrainedEncoder(path: string, encoder: TrainedEncoder): void {
  writeFileAtomicSync(path, JSON.stringify(encoder.toJSON()));
}

/**
 * The default trained retriever: trained once on the train tasks of the built-in corpus with
 * {@link DEFAULT_RETRIEVER_TRAINING}, then cached in the lmkit cache folder.
 */
export function defaultTrainedEncoder(table: GloveTable, options: { cacheDir?: string; progress?: ProgressReporter } = {}): TrainedEncoder {
  const path = join(options.cacheDir ?? lmkitCacheDir(), 'picl-retriever-v2.json');
  if (existsSync(path)) return loadTrainedEncoder(path, table);
  const progress = options.progress ?? silentProgress;
  const steps = DEFAULT_RETRIEVER_TRAINING.steps ?? 200;
  progress.start('train retriever', steps);
  const { encoder } = trainRetriever(table, trainExamples(buildPiclCorpus()), {
    ...DEFAULT_RETRIEVER_TRAINING,
    onStep: (_s, loss) => progress.tick(1, `loss ${loss.toFixed(3)}`),
  });
  progress.done();
  saveTrainedEncoder(path, encoder);
  return encoder;
}

import { Rng, sampleLmBatch, Trainer, Transformer, type TransformerConfig } from '@lmkit/tensor';
import type { PiclInstance } from '../instances/build.js';
import { instanceIds } from '../instances/filter.js';
import { instanceTexts } from '../instances/build.js';
import { SEP, type WordVocab } from './vocab.js';

/** Token stream of plain paragraphs in a seeded random order, each preceded by `<sep>`. */
export function plainStream(texts: string[], vocab: WordVocab, seed: number): number[] {
  const order = new Rng(seed).shuffle(texts.map((_, i) => i));
  const out: number[] = [];
  for (const i of order) out.push(SEP, ...vocab.encode(texts[i] as string));
  return out;
}

/** Token stream of PICL instances (demos then query, `<sep>` between paragraphs) in a seeded random order. */
export function instanceStream(instances: PiclInstance[], textOf: (id: string) => string, vocab: WordVocab, seed: number, demoMaxTokens: number, budget: number): number[] {
  const order = new Rng(seed).shuffle(instances.map((_, i) => i));
  const out: number[] = [];
  for (const i of order) out.push(...instanceIds(instanceTexts(instances[i]!, textOf, demoMaxTokens, budget), vocab, Number.MAX_SAFE_INTEGER).ids);
  return out;
}

/** Options of {@link trainOnStream}. */
export interface TrainOnStreamOptions {
  config: TransformerConfig;
  steps: number;
  batchSize: number;
  seqLen: number;
  /** Batch sampling seed (the model seed is `config.seed`). */
  seed: number;
  lr?: number;
  onStep?: (step: number, loss: number) => void;
}

/**
 * Pre-trains a small LM on random windows of a token stream: the same config, steps, batch size,
 * window length and seeds give every condition the same number of training tokens.
 */
export function trainOnStream(stream: number[], options: TrainOnStreamOptions): { model: Transformer; losses: number[] } {
  const model = new Transformer(options.config);
  const trainer = new Trainer(model, { totalSteps: options.steps, lr: options.lr ?? 3e-3 });
  const losses: number[] = [];
  for (let s = 0; s < options.steps; s++) {
    const info = trainer.trainStep(sampleLmBatch(stream, options.batchSize, options.seqLen, options.seed, s));
    losses.push(info.loss);
    options.onStep?.(s, info.loss);
  }
  trainer.dispose();
  return { model, losses };
}

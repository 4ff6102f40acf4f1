import { existsSync } from 'node:fs';
import { currentBackend } from '../../backend/init.js';
import { restoreModel, restoreTokenizer, restoreTrainer } from '../../checkpoint/restore.js';
import { ArgumentError, LmkitError } from '../../errors.js';
import { perplexity, type PerplexityResult } from '../../eval/perplexity.js';
import { Transformer } from '../../model/transformer.js';
import { silentProgress, type ProgressReporter } from '../../report/types.js';
import { BpeTokenizer } from '../../tokenize/bpe.js';
import { CharTokenizer } from '../../tokenize/char.js';
import type { Tokenizer } from '../../tokenize/types.js';
import { sampleLmBatch } from '../../train/batches.js';
import { Trainer } from '../../train/trainer.js';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint-file.js';
import { loadCorpus } from '../corpora/corpora.js';

/** Options of {@link trainLm}. Defaults give a small char-level model that trains in about a minute. */
export interface TrainLmOptions {
  /** Corpus name (see `listCorpora`). Default `moby-dick`. */
  corpus?: string;
  /** Use only the first `maxChars` characters of the corpus. Default 400 000. */
  maxChars?: number;
  /** `char` (default) or byte-level `bpe`. */
  tokenizer?: 'char' | 'bpe';
  /** BPE vocabulary size. Default 512. */
  bpeVocabSize?: number;
  /** Model width. Default 64. */
  dModel?: number;
  /** Attention heads (must divide `dModel`). Default 4. */
  numHeads?: number;
  /** Transformer blocks. Default 2. */
  numLayers?: number;
  /** Training context length. Default 64. */
  seqLen?: number;
  /** Sequences per step. Default 16. */
  batchSize?: number;
  /** Total optimisation steps. Default 300. */
  steps: number;
  /** Peak learning rate. Default 3e-3. */
  lr?: number;
  /** Seed of initialisation and batch sampling. Default 1. */
  seed?: number;
  /** Checkpoint file (written atomically). Omit to keep everything in memory. */
  out?: string;
  /** Write the checkpoint every this many steps (and at the end). Default 50. */
  checkpointEvery?: number;
  /** Continue from `out` when it exists (it must come from the same settings, else `LMKIT_CHECKPOINT_MISMATCH`). */
  resume?: boolean;
  /** Evaluate on at most this many validation tokens. Default 20 000. */
  evalTokens?: number;
  /** Progress of training. Default silent. */
  progress?: ProgressReporter;
}

/** One point of the training curve. */
export interface LossPoint {
  /** 0-based step index. */
  step: number;
  /** Training loss of that step, nats/token. */
  loss: number;
}

/** What {@link trainLm} returns (the model and tokenizer stay alive: dispose the model when done). */
export interface TrainLmResult {
  /** The trained model. */
  model: Transformer;
  /** The tokenizer the model was trained with. */
  tokenizer: Tokenizer;
  /** Training loss of every step, including steps restored from the checkpoint. */
  losses: LossPoint[];
  /** Perplexity on the validation split (first `evalTokens` tokens). */
  valid: PerplexityResult;
  /** Step the run resumed from (0 for a fresh run). */
  resumedFrom: number;
  /** Training tokens per second over every step (this call and the runs it resumed; null when none was timed). */
  tokensPerSec: number | null;
  /** Seconds spent in training steps, over this call and the runs it resumed. */
  trainSeconds: number;
  /** tfjs backend that ran the training. */
  backend: string;
  /** Scalar parameters of the model. */
  parameters: number;
  /** Settings actually used (all defaults filled in). */
  settings: Required<Omit<TrainLmOptions, 'out' | 'progress' | 'resume'>>;
}

/** Trains a small LM on a corpus, with atomic checkpoints and exact resume. */
export async function trainLm(options: TrainLmOptions): Promise<TrainLmResult> {
  const settings = resolve(options);
  const progress = options.progress ?? silentProgress;
  const corpus = loadCorpus(settings.corpus, { maxChars: settings.maxChars });
  let model: Transformer;
  let trainer: Trainer;
  let tokenizer: Tokenizer;
  let losses: LossPoint[] = [];
  let trainSeconds = 0;
  let tokensSeen = 0;
  const out = options.out;
  if (options.resume && out && existsSync(out)) {
    const decoded = await loadCheckpoint(out);
    const saved = decoded.header.extra.settings as Record<string, unknown> | undefined;
    const mismatch = Object.entries(settings).filter(([k, v]) => saved?.[k] !== v).map(([k]) => k);
    if (!saved || mismatch.length > 0) {
      throw new LmkitError('LMKIT_CHECKPOINT_MISMATCH', `cannot resume from ${out}: it was trained with different settings (${mismatch.join(', ') || 'none saved'}); use the same options or a new --out`);
    }
    const tok = restoreTokenizer(decoded);
    if (!tok) throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${out} has no tokenizer`);
    tokenizer = tok;
    model = restoreModel(decoded);
    trainer = restoreTrainer(model, decoded);
    losses = (decoded.header.extra.losses as LossPoint[] | undefined) ?? [];
    const timing = decoded.header.extra.timing as { seconds?: number; tokens?: number } | undefined;
    trainSeconds = timing?.seconds ?? 0;
    tokensSeen = timing?.tokens ?? 0;
    progress.log(`resuming from step ${trainer.step} of ${settings.steps} (${out})`);
  } else {
    progress.log(`tokenizing ${settings.corpus} (${corpus.train.length.toLocaleString('en-US')} training characters, ${settings.tokenizer})`);
    tokenizer = settings.tokenizer === 'bpe' ? BpeTokenizer.train(corpus.train, { vocabSize: settings.bpeVocabSize }) : CharTokenizer.fromText(corpus.train);
    model = new Transformer({
      vocabSize: tokenizer.vocabSize,
      dModel: settings.dModel,
      numHeads: settings.numHeads,
      numLayers: settings.numLayers,
      seed: settings.seed,
    });
    trainer = new Trainer(model, { totalSteps: settings.steps, lr: settings.lr });
  }
  const trainTokens = Int32Array.from(tokenizer.encode(corpus.train));
  const resumedFrom = trainer.step;
  const save = async (): Promise<void> => {
    if (!out) return;
    const timing = { seconds: trainSeconds, tokens: tokensSeen };
    await saveCheckpoint(out, { model, trainer, tokenizer, extra: { settings, losses, corpus: corpus.name, timing } });
  };
  progress.start(`lm train (${settings.corpus}, ${settings.tokenizer})`, settings.steps);
  if (resumedFrom > 0) progress.tick(resumedFrom);
  while (trainer.step < settings.steps) {
    const step = trainer.step;
    const batch = sampleLmBatch(trainTokens, settings.batchSize, settings.seqLen, settings.seed, step);
    const t0 = performance.now();
    const info = trainer.trainStep(batch);
    trainSeconds += (performance.now() - t0) / 1000;
    tokensSeen += info.tokens;
    losses.push({ step: info.step, loss: info.loss });
    progress.tick(1, `loss ${info.loss.toFixed(3)}`);
    if (trainer.step % settings.checkpointEvery === 0 || trainer.step === settings.steps) await save();
  }
  progress.done();
  const validTokens = tokenizer.encode(corpus.valid).slice(0, settings.evalTokens);
  const valid = perplexity(model, validTokens, { seqLen: settings.seqLen, batchSize: 16 });
  trainer.dispose();
  return {
    model,
    tokenizer,
    losses,
    valid,
    resumedFrom,
    tokensPerSec: trainSeconds > 0 ? tokensSeen / trainSeconds : null,
    trainSeconds,
    backend: currentBackend(),
    parameters: model.parameterCount(),
    settings,
  };
}

function resolve(o: TrainLmOptions): TrainLmResult['settings'] {
  const s = {
    corpus: o.corpus ?? 'moby-dick',
    maxChars: o.maxChars ?? 400_000,
    tokenizer: o.tokenizer ?? 'char',
    bpeVocabSize: o.bpeVocabSize ?? 512,
    dModel: o.dModel ?? 64,
    numHeads: o.numHeads ?? 4,
    numLayers: o.numLayers ?? 2,
    seqLen: o.seqLen ?? 64,
    batchSize: o.batchSize ?? 16,
    steps: o.steps,
    lr: o.lr ?? 3e-3,
    seed: o.seed ?? 1,
    checkpointEvery: o.checkpointEvery ?? 50,
    evalTokens: o.evalTokens ?? 20_000,
  };
  if (s.tokenizer !== 'char' && s.tokenizer !== 'bpe') throw new ArgumentError(`tokenizer must be "char" or "bpe", got "${String(s.tokenizer)}"`);
  for (const k of ['maxChars', 'dModel', 'numHeads', 'numLayers', 'seqLen', 'batchSize', 'steps', 'checkpointEvery', 'evalTokens'] as const) {
    if (!Number.isInteger(s[k]) || s[k] < 1) throw new ArgumentError(`${k} must be a positive integer, got ${s[k]}`);
  }
  if (!(s.lr > 0 && Number.isFinite(s.lr))) throw new ArgumentError(`lr must be a positive number, got ${s.lr}`);
  return s;
}

import { Rng, tokenizerFromJSON, type ProgressReporter, type Tokenizer } from '@lmkit/tensor';
import { EVAL_TASKS, exampleClass, isHeldOutTask, isTrainTask, type EvalTaskSpec } from '../corpus/tasks.js';
import type { LabelledCorpus, Paragraph } from '../corpus/types.js';
import type { GloveTable } from '../encode/glove.js';
import { trainExamples } from '../encode/train-examples.js';
import { trainRetriever } from '../encode/train-retriever.js';
import { TrainedEncoder, type TrainedEncoderJSON } from '../encode/trained.js';
import { buildGainItems, type GainItem } from '../eval/gain.js';
import type { LabelledIds } from '../eval/verbalizer.js';
import { buildInstances, type PiclInstance } from '../instances/build.js';
import { paragraphIds, trainPiclTokenizer } from '../lm/tokens.js';
import { Bm25Retriever, DenseRetriever, RandomRetriever, type ParagraphRetriever } from '../retrieve/retriever.js';
import type { InstanceRetriever, PiclSettings } from './settings.js';
import { readJson, readText, writeText, type ExperimentStore } from './store.js';

/** Everything the pre-training jobs need, rebuilt identically in every process from the store. */
export interface PreparedPicl {
  settings: PiclSettings;
  seed: number;
  corpus: LabelledCorpus;
  taskOf: (position: number) => string;
  tokenizer: Tokenizer;
  /** Token ids of every corpus paragraph (same order as `corpus.paragraphs`). */
  ids: number[][];
  idsById: Map<string, number[]>;
  /** Pre-training pool (train-task paragraphs only). */
  pool: Paragraph[];
  /** The pool's documents, each its paragraphs' ids in order (the plain stream). */
  documents: number[][][];
  instances: Record<InstanceRetriever, PiclInstance[]>;
  /** The trained retriever (null when the instances came from the store). */
  trained: TrainedEncoder | null;
  retrieverLosses: number[];
  /** Items of the in-context gain and of its training-time probe (fixed per run seed). */
  gainItems: GainItem[];
  probeItems: GainItem[];
  /** Held-out classification tasks with their examples. */
  evalSets: { spec: EvalTaskSpec; examples: LabelledIds[] }[];
}

/** Inputs of {@link preparePicl}. */
export interface PrepareOptions {
  settings: PiclSettings;
  seed: number;
  corpus: LabelledCorpus;
  /** GloVe vectors (read only when the retriever or instances must be built). */
  glove: () => GloveTable;
  store: ExperimentStore;
  progress: ProgressReporter;
  log: (message: string) => void;
}

const RETRIEVERS: InstanceRetriever[] = ['picl-trained', 'picl-random', 'picl-bm25'];

/**
 * Corpus → BPE tokenizer (train tasks only) → token ids → trained retriever → instances from three
 * retrievers, each step read from the store when there and valid, else built and saved; then the
 * evaluation items. A damaged file is reported and rebuilt.
 */
export async function preparePicl(options: PrepareOptions): Promise<PreparedPicl> {
  const { settings, seed, corpus, store, progress, log } = options;
  const all = corpus.paragraphs;
  const label = (p: Paragraph) => corpus.labels.get(p.id)!;
  const taskOf = (i: number): string => label(all[i]!).task;
  const pool = all.filter((p) => isTrainTask(label(p).task));

  // 1. Tokenizer (trained on the pre-training pool only).
  let tokenizer = await readJson(store, 'tokenizer.json', log, (j) => tokenizerFromJSON(j));
  if (!tokenizer) {
    progress.start('picl: BPE tokenizer', 1);
    tokenizer = trainPiclTokenizer(pool.map((p) => p.text), settings.tokenizer.vocab, settings.tokenizer.maxChars);
    progress.tick();
    progress.done();
    await writeText(store, 'tokenizer.json', JSON.stringify(tokenizer.toJSON()));
  }
  const tok = tokenizer;
  progress.start('picl: tokenize corpus', all.length);
  const ids = all.map((p, i) => {
    if (i % 1000 === 999) progress.tick(1000);
    return paragraphIds(tok, p.text);
  });
  progress.done();
  const idsById = new Map(all.map((p, i) => [p.id, ids[i] as number[]]));
  const docs = new Map<string, number[][]>();
  for (const p of pool) {
    const key = p.doc ?? p.id;
    docs.set(key, [...(docs.get(key) ?? []), idsById.get(p.id) as number[]]);
  }

  // 2. Retriever (train tasks only) — only needed to build what the store does not hold yet.
  let trained: TrainedEncoder | null = null;
  let retrieverLosses: number[] = [];
  const trainedEncoder = async (): Promise<TrainedEncoder> => {
    if (trained) return trained;
    const saved = await readJson(store, 'retriever.json', log, (j) => TrainedEncoder.fromJSON(options.glove(), j as TrainedEncoderJSON));
    if (saved) return (trained = saved);
    progress.start('picl: train retriever', settings.retrieverSteps);
    const r = trainRetriever(options.glove(), trainExamples(corpus), {
      steps: settings.retrieverSteps,
      batchSize: 32,
      maxTokens: 32,
      hidden: 64,
      lr: 1e-3,
      seed,
      onStep: (_s, l) => progress.tick(1, `loss ${l.toFixed(3)}`),
    });
    progress.done();
    retrieverLosses = r.losses;
    await writeText(store, 'retriever.json', JSON.stringify(r.encoder.toJSON()));
    return (trained = r.encoder);
  };

  // 3. Instances over the pool, lengths in BPE tokens.
  const poolTexts = pool.map((p) => p.text);
  const poolLength = (i: number): number => (idsById.get(pool[i]!.id) as number[]).length;
  const positions = new Rng(seed + 11).shuffle(pool.map((_, i) => i)).slice(0, settings.instanceQueries).sort((a, b) => a - b);
  const instances = {} as Record<InstanceRetriever, PiclInstance[]>;
  for (const name of RETRIEVERS) {
    const file = `instances-${name}.jsonl`;
    const saved = await readText(store, file);
    let parsed: PiclInstance[] | null = null;
    if (saved !== null) {
      try {
        parsed = saved.trim().split('\n').map((l) => JSON.parse(l) as PiclInstance);
        if (parsed.length !== positions.length || parsed.some((x) => !Array.isArray(x.demoIds) || typeof x.queryId !== 'string')) throw new Error('unexpected content');
      } catch (e) {
        log(`picl: ${file} is damaged (${(e as Error).message}); building it again`);
        parsed = null;
      }
    }
    if (!parsed) {
      const retriever: ParagraphRetriever =
        name === 'picl-trained' ? new DenseRetriever(await trainedEncoder(), poolTexts) : name === 'picl-random' ? new RandomRetriever(pool.length, seed) : new Bm25Retriever(poolTexts);
      progress.start(`picl: instances (${retriever.name})`, positions.length);
      parsed = buildInstances(pool, retriever, { positions, budget: settings.budget, demoMaxTokens: settings.demoMaxTokens, seed, lengthOf: poolLength, onInstance: () => progress.tick() });
      progress.done();
      await writeText(store, file, parsed.map((x) => JSON.stringify(x)).join('\n') + '\n');
    }
    instances[name] = parsed;
  }

  // 4. Evaluation data: held-out paragraphs only.
  const heldOut = all.map((p, i) => ({ p, i })).filter(({ p }) => isHeldOutTask(label(p).task));
  const gainPool = heldOut.map(({ p, i }) => ({ task: label(p).task, ids: ids[i] as number[] }));
  const maxK = Math.max(...settings.gain.ks);
  const gainOptions = { maxK, demoMaxTokens: settings.gain.demoMaxTokens, queryMaxTokens: settings.gain.queryMaxTokens };
  const gainItems = buildGainItems(gainPool, { ...gainOptions, queries: settings.gain.queries, seed: seed + 101 });
  const probeItems = buildGainItems(gainPool, { ...gainOptions, queries: settings.gain.probeQueries, seed: seed + 202 });
  const evalSets = EVAL_TASKS.map((spec) => ({
    spec,
    examples: heldOut
      .filter(({ p }) => spec.tasks.includes(label(p).task))
      .map(({ p, i }) => ({ ids: ids[i] as number[], label: exampleClass(spec, label(p)) as string }))
      .filter((e) => e.label !== undefined && e.label in spec.verbalizers),
  }));
  return {
    settings,
    seed,
    corpus,
    taskOf,
    tokenizer: tok,
    ids,
    idsById,
    pool,
    documents: [...docs.values()],
    instances,
    trained,
    retrieverLosses,
    gainItems,
    probeItems,
    evalSets,
  };
}

/** The trained retriever of a prepared run (from the store, or trained now). */
export async function preparedRetriever(p: PreparedPicl, glove: GloveTable, store: ExperimentStore, log: (m: string) => void): Promise<TrainedEncoder> {
  if (p.trained) return p.trained;
  const saved = await readJson(store, 'retriever.json', log, (j) => TrainedEncoder.fromJSON(glove, j as TrainedEncoderJSON));
  if (!saved) throw new Error('picl: retriever.json is missing after preparation');
  p.trained = saved;
  return saved;
}

import { decodeCheckpoint, encodeCheckpoint, initBackend, restoreModel, Rng, silentProgress, type ProgressReporter, type ReportSection, type Transformer } from '@lmkit/tensor';
import { EVAL_TASKS, isHeldOutTask, isTrainTask } from '../corpus/tasks.js';
import type { LabelledCorpus } from '../corpus/types.js';
import { crc32 } from '../vector-index/crc32.js';
import { MeanGloveEncoder, type GloveTable } from '../encode/glove.js';
import { trainRetriever } from '../encode/train-retriever.js';
import { TrainedEncoder, type TrainedEncoderJSON } from '../encode/trained.js';
import { sameTaskPrecision, type PrecisionResult } from '../eval/precision.js';
import { buildInstances, instanceStats, PICL_DEMO_MAX_TOKENS, type PiclInstance } from '../instances/build.js';
import { lossFilter } from '../instances/filter.js';
import { fewShotAccuracy, type LabelledText } from '../lm/fewshot.js';
import { instanceStream, plainStream, trainOnStream } from '../lm/train.js';
import { WordVocab } from '../lm/vocab.js';
import { Bm25Retriever, DenseRetriever, RandomRetriever, type ParagraphRetriever } from '../retrieve/retriever.js';
import { trainExamples } from '../encode/train-examples.js';
import { buildReport, type PiclResults } from './report.js';
import type { PiclSettings } from './settings.js';
import { memoryStore, readText, writeText, type ExperimentStore } from './store.js';

/** Conditions of the pre-training comparison, in report order. */
export const CONDITIONS = ['plain', 'picl-trained', 'picl-random', 'picl-bm25'] as const;
type Condition = (typeof CONDITIONS)[number];

/** Part of the work-folder name: bump it when a cached step (instances, filter, LMs) changes meaning. */
const METHOD_VERSION = 2; // 2: the filter scores every paragraph, the query is truncated like the demos

/** Inputs of {@link runPiclExperiment}. */
export interface PiclExperimentOptions {
  /** Sizes of the run (`QUICK_SETTINGS`, `FULL_SETTINGS`). */
  settings: PiclSettings;
  /** Seed of everything random. */
  seed: number;
  /** The labelled corpus (`buildPiclCorpus(settings.corpus)` in Node). */
  corpus: LabelledCorpus;
  /** GloVe vectors (`loadGlove()` in Node). */
  glove: GloveTable;
  /** Intermediate files and checkpoints; a rerun with the same store resumes. Default: memory. */
  store?: ExperimentStore;
  /** Progress of the long steps. Default silent. */
  progress?: ProgressReporter;
}

/**
 * Key of the work a run does: changes whenever the settings or a cached step's meaning changes.
 * A work folder named after it is never reused by a run that would compute something else.
 */
export function piclWorkKey(settings: PiclSettings): string {
  return crc32(new TextEncoder().encode(JSON.stringify({ settings, method: METHOD_VERSION }))).toString(16);
}

/**
 * Runs the PICL experiment: corpus → retriever → precision table → instances from three retrievers →
 * loss filter (with the plain LM) → four LMs pre-trained with the same tokens, steps and seed →
 * 0/4/8-shot accuracy on held-out tasks. Intermediate results and checkpoints live in the store
 * and are reused on a re-run.
 */
export async function runPiclExperiment(options: PiclExperimentOptions): Promise<ReportSection> {
  const t0 = performance.now();
  await initBackend();
  const { settings, seed, corpus } = options;
  const table = options.glove;
  const store = options.store ?? memoryStore();
  const progress = options.progress ?? silentProgress;
  const rng = new Rng(seed + 11);

  // 1. Corpus. Labels are read only for retriever training pairs (train tasks) and evaluation.
  const all = corpus.paragraphs;
  const taskAt = (i: number): string => corpus.labels.get(all[i]!.id)!.task;
  const texts = all.map((p) => p.text);

  // 2. Encoders: GloVe and the trained retriever (train tasks only).
  const encName = 'retriever.json';
  let trained: TrainedEncoder;
  let retrieverLosses: number[] = [];
  const savedEncoder = await readText(store, encName);
  if (savedEncoder !== null) trained = TrainedEncoder.fromJSON(table, JSON.parse(savedEncoder) as TrainedEncoderJSON);
  else {
    progress.start('picl: train retriever', settings.retrieverSteps);
    const r = trainRetriever(table, trainExamples(corpus), {
      steps: settings.retrieverSteps,
      batchSize: 32,
      maxTokens: 32,
      hidden: 64,
      lr: 1e-3,
      seed,
      onStep: (_s, l) => progress.tick(1, `loss ${l.toFixed(3)}`),
    });
    progress.done();
    trained = r.encoder;
    retrieverLosses = r.losses;
    await writeText(store, encName, JSON.stringify(trained.toJSON()));
  }

  // 3. Same-task precision@k on held-out tasks (and on train tasks, to show what training changed).
  const positions = all.map((_, i) => i);
  const heldQ = rng.shuffle(positions.filter((i) => isHeldOutTask(taskAt(i)))).slice(0, settings.precisionQueries);
  const seenQ = rng.shuffle(positions.filter((i) => isTrainTask(taskAt(i)))).slice(0, settings.precisionQueries);
  progress.start('picl: retrieval precision', 4);
  const fullRetrievers: ParagraphRetriever[] = [
    new RandomRetriever(all.length, seed),
    new Bm25Retriever(texts),
    new DenseRetriever(new MeanGloveEncoder(table), texts),
    new DenseRetriever(trained, texts),
  ];
  const precision: PrecisionResult[] = [];
  const precisionSeen: PrecisionResult[] = [];
  for (const r of fullRetrievers) {
    precision.push(sameTaskPrecision(r, heldQ, taskAt));
    precisionSeen.push(sameTaskPrecision(r, seenQ, taskAt));
    progress.tick(1, r.name);
  }
  progress.done();

  // 4. Instances over the pre-training pool (train-task paragraphs only).
  const pool = all.filter((p) => isTrainTask(corpus.labels.get(p.id)!.task));
  const poolTexts = pool.map((p) => p.text);
  const textById = new Map(pool.map((p) => [p.id, p.text]));
  const textOf = (id: string): string => textById.get(id) as string;
  const queryPositions = rng
    .shuffle(pool.map((_, i) => i))
    .slice(0, settings.instanceQueries)
    .sort((a, b) => a - b);
  const poolRetrievers: Record<Exclude<Condition, 'plain'>, ParagraphRetriever> = {
    'picl-trained': new DenseRetriever(trained, poolTexts),
    'picl-random': new RandomRetriever(pool.length, seed),
    'picl-bm25': new Bm25Retriever(poolTexts),
  };
  const instances = {} as Record<Exclude<Condition, 'plain'>, PiclInstance[]>;
  for (const [name, r] of Object.entries(poolRetrievers) as [Exclude<Condition, 'plain'>, ParagraphRetriever][]) {
    const file = `instances-${name}.jsonl`;
    const saved = await readText(store, file);
    if (saved !== null) instances[name] = saved.trim().split('\n').map((l) => JSON.parse(l) as PiclInstance);
    else {
      progress.start(`picl: instances (${r.name})`, queryPositions.length);
      instances[name] = buildInstances(pool, r, { positions: queryPositions, budget: settings.budget, seed, onInstance: () => progress.tick() });
      progress.done();
      await writeText(store, file, instances[name].map((x) => JSON.stringify(x)).join('\n') + '\n');
    }
  }

  // 5. Vocabulary and the plain LM (also the filter's scorer).
  const verbalizerWords = EVAL_TASKS.flatMap((t) => Object.values(t.verbalizers));
  const vocab = WordVocab.fromTexts(poolTexts, settings.lm.vocab, [...verbalizerWords, 'answer', ':']);
  const { lm } = settings;
  const config = { vocabSize: vocab.size, dModel: lm.dModel, numHeads: lm.numHeads, numLayers: lm.numLayers, seed };
  const trainLosses: Partial<Record<Condition, number[]>> = {};
  const trainOrLoad = async (name: Condition, stream: () => number[]): Promise<Transformer> => {
    const file = `lm-${name}.ckpt`;
    const saved = await store.read(file);
    if (saved !== null) {
      const decoded = decodeCheckpoint(saved);
      trainLosses[name] = (decoded.header.extra.losses as number[] | undefined) ?? [];
      return restoreModel(decoded);
    }
    progress.start(`picl: pre-train LM (${name})`, lm.steps);
    const { model, losses } = trainOnStream(stream(), {
      config,
      steps: lm.steps,
      batchSize: lm.batchSize,
      seqLen: settings.budget,
      seed,
      lr: lm.lr,
      onStep: (_s, l) => progress.tick(1, `loss ${l.toFixed(3)}`),
    });
    progress.done();
    trainLosses[name] = losses;
    await store.write(file, encodeCheckpoint({ model, extra: { losses, condition: name } }));
    return model;
  };
  const models = {} as Record<Condition, Transformer>;
  models.plain = await trainOrLoad('plain', () => plainStream(poolTexts, vocab, seed));

  // 6. Loss filter with the plain LM.
  const filtered = {} as Record<Exclude<Condition, 'plain'>, { kept: PiclInstance[]; keptFraction: number; meanDelta: number }>;
  const total = Object.values(instances).reduce((a, x) => a + x.length, 0);
  progress.start('picl: loss filter', total);
  for (const name of Object.keys(instances) as Exclude<Condition, 'plain'>[]) {
    const file = `filter-${name}.json`;
    let deltas: number[];
    const saved = await readText(store, file);
    if (saved !== null) {
      deltas = JSON.parse(saved) as number[];
      progress.tick(deltas.length);
    } else {
      deltas = lossFilter(models.plain, vocab, instances[name], textOf, { maxLength: settings.budget + 1, budget: settings.budget, batchSize: 16, onBatch: (n) => progress.tick(n) }).deltas;
      await writeText(store, file, JSON.stringify(deltas));
    }
    const kept = instances[name].filter((_, i) => (deltas[i] as number) < 0);
    filtered[name] = { kept, keptFraction: kept.length / Math.max(1, deltas.length), meanDelta: deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length) };
  }
  progress.done();

  // 7. PICL LMs: the same config, steps, batch, window and seeds; only the token stream differs.
  for (const name of Object.keys(filtered) as Exclude<Condition, 'plain'>[]) {
    const kept = filtered[name].kept.length ? filtered[name].kept : instances[name];
    models[name] = await trainOrLoad(name, () => instanceStream(kept, textOf, vocab, seed, PICL_DEMO_MAX_TOKENS, settings.budget));
  }

  // 8. Few-shot accuracy on held-out classification tasks.
  const evalSets = EVAL_TASKS.map((spec) => ({
    spec,
    examples: all
      .filter((p) => spec.tasks.includes(corpus.labels.get(p.id)!.task))
      .map((p): LabelledText => ({ text: p.text, label: corpus.labels.get(p.id)!.label as string })),
  }));
  const accuracy: PiclResults['accuracy'] = [];
  progress.start('picl: few-shot evaluation', CONDITIONS.length * settings.shots.length * evalSets.length);
  for (const cond of CONDITIONS) {
    for (const shots of settings.shots) {
      for (const { spec, examples } of evalSets) {
        const r = fewShotAccuracy(models[cond], vocab, examples, { shots, verbalizers: spec.verbalizers, queries: settings.evalQueries, maxTextTokens: settings.evalTextTokens, seed: seed + shots });
        accuracy.push({ condition: cond, shots, task: spec.name, accuracy: r.accuracy, calibratedAccuracy: r.calibratedAccuracy, queries: r.queries, chance: 1 / Object.keys(spec.verbalizers).length });
        progress.tick(1, `${cond} ${shots}-shot ${spec.name}`);
      }
    }
  }
  progress.done();
  for (const m of Object.values(models)) m.dispose();
  trained.dispose();

  const tasks = new Set([...corpus.labels.values()].map((l) => l.task));
  const results: PiclResults = {
    settings,
    corpus: {
      paragraphs: all.length,
      tasks: tasks.size,
      heldOutTasks: [...tasks].filter(isHeldOutTask).sort(),
      trainParagraphs: pool.length,
      heldOutParagraphs: all.length - pool.length,
    },
    retrieverLosses,
    precision,
    precisionSeen,
    instances: Object.fromEntries(
      (Object.keys(instances) as Exclude<Condition, 'plain'>[]).map((n) => [
        n,
        { ...instanceStats(instances[n]), keptFraction: filtered[n].keptFraction, kept: filtered[n].kept.length, meanLossDelta: filtered[n].meanDelta },
      ]),
    ),
    finalTrainLoss: Object.fromEntries(CONDITIONS.map((c) => [c, meanTail(trainLosses[c] ?? [])])),
    accuracy,
  };
  return buildReport(results, (performance.now() - t0) / 1000);
}

function meanTail(xs: number[]): number | null {
  const tail = xs.slice(-10);
  return tail.length ? tail.reduce((a, b) => a + b, 0) / tail.length : null;
}


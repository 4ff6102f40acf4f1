import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend, restoreModel, Rng, type ReportSection, type ReproduceContext, type ReproduceSectionRunner, type Transformer } from '@lmkit/tensor';
import { loadCheckpoint, saveCheckpoint } from '@lmkit/tensor/node';
import { EVAL_TASKS, isHeldOutTask, isTrainTask } from '../../corpus/tasks.js';
import { crc32 } from '../../vector-index/crc32.js';
import { MeanGloveEncoder } from '../../encode/glove.js';
import { trainRetriever } from '../../encode/train-retriever.js';
import type { TrainedEncoder } from '../../encode/trained.js';
import { sameTaskPrecision, type PrecisionResult } from '../../eval/precision.js';
import { buildInstances, instanceStats, PICL_DEMO_MAX_TOKENS, type PiclInstance } from '../../instances/build.js';
import { lossFilter } from '../../instances/filter.js';
import { fewShotAccuracy, type LabelledText } from '../../lm/fewshot.js';
import { instanceStream, plainStream, trainLm } from '../../lm/train.js';
import { WordVocab } from '../../lm/vocab.js';
import { Bm25Retriever, DenseRetriever, RandomRetriever, type ParagraphRetriever } from '../../retrieve/retriever.js';
import { writeFileAtomicSync } from '../atomic.js';
import { buildPiclCorpus } from '../corpus/build.js';
import { loadGlove } from '../glove/cache.js';
import { loadTrainedEncoder, saveTrainedEncoder, trainExamples } from '../retriever.js';
import { buildReport, type PiclResults } from './report.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type PiclSettings } from './settings.js';

/** Conditions of the pre-training comparison, in report order. */
export const CONDITIONS = ['plain', 'picl-trained', 'picl-random', 'picl-bm25'] as const;
type Condition = (typeof CONDITIONS)[number];

/** Part of the work-folder name: bump it when a cached step (instances, filter, LMs) changes meaning. */
const METHOD_VERSION = 2; // 2: the filter scores every paragraph, the query is truncated like the demos

/**
 * Runs the PICL experiment: corpus → retriever → precision table → instances from three retrievers →
 * loss filter (with the plain LM) → four LMs pre-trained with the same tokens, steps and seed →
 * 0/4/8-shot accuracy on held-out tasks. Intermediate results and checkpoints live in `ctx.workDir`
 * and are reused on a re-run.
 */
export async function runPiclExperiment(ctx: ReproduceContext, settings: PiclSettings): Promise<ReportSection> {
  const t0 = performance.now();
  await initBackend();
  const key = crc32(new TextEncoder().encode(JSON.stringify({ settings, method: METHOD_VERSION }))).toString(16);
  const dir = join(ctx.workDir, `${ctx.quick ? 'quick' : 'full'}-seed${ctx.seed}-${key}`);
  mkdirSync(dir, { recursive: true });
  const progress = ctx.progress;
  const rng = new Rng(ctx.seed + 11);

  // 1. Corpus. Labels are read only for retriever training pairs (train tasks) and evaluation.
  const corpus = buildPiclCorpus(settings.corpus);
  const all = corpus.paragraphs;
  const taskAt = (i: number): string => corpus.labels.get(all[i]!.id)!.task;
  const texts = all.map((p) => p.text);

  // 2. Encoders: GloVe and the trained retriever (train tasks only).
  const table = loadGlove({ onConvert: (m) => progress.log(m) });
  const encPath = join(dir, 'retriever.json');
  let trained: TrainedEncoder;
  let retrieverLosses: number[] = [];
  if (existsSync(encPath)) trained = loadTrainedEncoder(encPath, table);
  else {
    progress.start('picl: train retriever', settings.retrieverSteps);
    const r = trainRetriever(table, trainExamples(corpus), {
      steps: settings.retrieverSteps,
      batchSize: 32,
      maxTokens: 32,
      hidden: 64,
      lr: 1e-3,
      seed: ctx.seed,
      onStep: (_s, l) => progress.tick(1, `loss ${l.toFixed(3)}`),
    });
    progress.done();
    trained = r.encoder;
    retrieverLosses = r.losses;
    saveTrainedEncoder(encPath, trained);
  }

  // 3. Same-task precision@k on held-out tasks (and on train tasks, to show what training changed).
  const positions = all.map((_, i) => i);
  const heldQ = rng.shuffle(positions.filter((i) => isHeldOutTask(taskAt(i)))).slice(0, settings.precisionQueries);
  const seenQ = rng.shuffle(positions.filter((i) => isTrainTask(taskAt(i)))).slice(0, settings.precisionQueries);
  progress.start('picl: retrieval precision', 4);
  const fullRetrievers: ParagraphRetriever[] = [
    new RandomRetriever(all.length, ctx.seed),
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
    'picl-random': new RandomRetriever(pool.length, ctx.seed),
    'picl-bm25': new Bm25Retriever(poolTexts),
  };
  const instances = {} as Record<Exclude<Condition, 'plain'>, PiclInstance[]>;
  for (const [name, r] of Object.entries(poolRetrievers) as [Exclude<Condition, 'plain'>, ParagraphRetriever][]) {
    const file = join(dir, `instances-${name}.jsonl`);
    if (existsSync(file)) instances[name] = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PiclInstance);
    else {
      progress.start(`picl: instances (${r.name})`, queryPositions.length);
      instances[name] = buildInstances(pool, r, { positions: queryPositions, budget: settings.budget, seed: ctx.seed, onInstance: () => progress.tick() });
      progress.done();
      writeFileAtomicSync(file, instances[name].map((x) => JSON.stringify(x)).join('\n') + '\n');
    }
  }

  // 5. Vocabulary and the plain LM (also the filter's scorer).
  const verbalizerWords = EVAL_TASKS.flatMap((t) => Object.values(t.verbalizers));
  const vocab = WordVocab.fromTexts(poolTexts, settings.lm.vocab, [...verbalizerWords, 'answer', ':']);
  const { lm } = settings;
  const config = { vocabSize: vocab.size, dModel: lm.dModel, numHeads: lm.numHeads, numLayers: lm.numLayers, seed: ctx.seed };
  const trainLosses: Partial<Record<Condition, number[]>> = {};
  const trainOrLoad = async (name: Condition, stream: () => number[]): Promise<Transformer> => {
    const file = join(dir, `lm-${name}.ckpt`);
    if (existsSync(file)) {
      const decoded = await loadCheckpoint(file);
      trainLosses[name] = (decoded.header.extra.losses as number[] | undefined) ?? [];
      return restoreModel(decoded);
    }
    progress.start(`picl: pre-train LM (${name})`, lm.steps);
    const { model, losses } = trainLm(stream(), {
      config,
      steps: lm.steps,
      batchSize: lm.batchSize,
      seqLen: settings.budget,
      seed: ctx.seed,
      lr: lm.lr,
      onStep: (_s, l) => progress.tick(1, `loss ${l.toFixed(3)}`),
    });
    progress.done();
    trainLosses[name] = losses;
    await saveCheckpoint(file, { model, extra: { losses, condition: name } });
    return model;
  };
  const models = {} as Record<Condition, Transformer>;
  models.plain = await trainOrLoad('plain', () => plainStream(poolTexts, vocab, ctx.seed));

  // 6. Loss filter with the plain LM.
  const filtered = {} as Record<Exclude<Condition, 'plain'>, { kept: PiclInstance[]; keptFraction: number; meanDelta: number }>;
  const total = Object.values(instances).reduce((a, x) => a + x.length, 0);
  progress.start('picl: loss filter', total);
  for (const name of Object.keys(instances) as Exclude<Condition, 'plain'>[]) {
    const file = join(dir, `filter-${name}.json`);
    let deltas: number[];
    if (existsSync(file)) {
      deltas = JSON.parse(readFileSync(file, 'utf8')) as number[];
      progress.tick(deltas.length);
    } else {
      deltas = lossFilter(models.plain, vocab, instances[name], textOf, { maxLength: settings.budget + 1, budget: settings.budget, batchSize: 16, onBatch: (n) => progress.tick(n) }).deltas;
      writeFileAtomicSync(file, JSON.stringify(deltas));
    }
    const kept = instances[name].filter((_, i) => (deltas[i] as number) < 0);
    filtered[name] = { kept, keptFraction: kept.length / Math.max(1, deltas.length), meanDelta: deltas.reduce((a, b) => a + b, 0) / Math.max(1, deltas.length) };
  }
  progress.done();

  // 7. PICL LMs: the same config, steps, batch, window and seeds; only the token stream differs.
  for (const name of Object.keys(filtered) as Exclude<Condition, 'plain'>[]) {
    const kept = filtered[name].kept.length ? filtered[name].kept : instances[name];
    models[name] = await trainOrLoad(name, () => instanceStream(kept, textOf, vocab, ctx.seed, PICL_DEMO_MAX_TOKENS, settings.budget));
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
        const r = fewShotAccuracy(models[cond], vocab, examples, { shots, verbalizers: spec.verbalizers, queries: settings.evalQueries, maxTextTokens: settings.evalTextTokens, seed: ctx.seed + shots });
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

/** The `picl` section of `lmkit reproduce` (quick or full settings by `ctx.quick`). */
export const reproducePicl: ReproduceSectionRunner = (ctx) => runPiclExperiment(ctx, ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS);

import { initBackend, Rng, silentProgress, type ProgressReporter, type ReportSection } from '@lmkit/tensor';
import { isHeldOutTask, isTrainTask } from '../corpus/tasks.js';
import type { LabelledCorpus } from '../corpus/types.js';
import { MeanGloveEncoder, type GloveTable } from '../encode/glove.js';
import { sameTaskPrecision, type PrecisionResult } from '../eval/precision.js';
import { instanceStats } from '../instances/build.js';
import { Bm25Retriever, DenseRetriever, RandomRetriever, type ParagraphRetriever } from '../retrieve/retriever.js';
import { crc32 } from '../vector-index/crc32.js';
import { jobDependency, jobName, jobUnits, piclJobs, readJobResult, runPiclJob, type JobResult, type PiclJob } from './jobs.js';
import { preparedRetriever, preparePicl, type PreparedPicl } from './prepare.js';
import { buildReport, type PiclResults } from './report.js';
import type { PiclSettings } from './settings.js';
import { memoryStore, readJson, writeText, type ExperimentStore } from './store.js';

/** Part of the work-folder name: bump it when a cached step (instances, filter, LMs) changes meaning. */
const METHOD_VERSION = 3; // 3: BPE LMs, in-context gain, mixed PICL batches, per-seed filter

/** Runs the pre-training jobs somewhere else (e.g. two Node processes at a time); resolves when all have saved their results. */
export type JobRunner = (jobs: PiclJob[], prepared: PreparedPicl) => Promise<void>;

/** Inputs of {@link runPiclExperiment}. */
export interface PiclExperimentOptions {
  /** Sizes of the run (`QUICK_SETTINGS`, `FULL_SETTINGS`). */
  settings: PiclSettings;
  /** Seed of the data steps; pre-training seeds are `seed … seed + settings.seeds − 1`. */
  seed: number;
  /** The labelled corpus (`buildPiclCorpus(settings.corpus)` in Node). */
  corpus: LabelledCorpus;
  /** GloVe vectors (`loadGlove()` in Node); a function is called only when the vectors are needed. */
  glove: GloveTable | (() => GloveTable);
  /** Intermediate files and checkpoints; a rerun with the same store resumes. Default: memory. */
  store?: ExperimentStore;
  /** Progress of the long steps. Default silent. */
  progress?: ProgressReporter;
  /** Runs the jobs elsewhere; default: one after the other in this thread. */
  runJobs?: JobRunner;
}

/**
 * Key of the work a run does: changes whenever the settings or a cached step's meaning changes.
 * A work folder named after it is never reused by a run that would compute something else.
 */
export function piclWorkKey(settings: PiclSettings): string {
  return crc32(new TextEncoder().encode(JSON.stringify({ settings, method: METHOD_VERSION }))).toString(16);
}

/** Runs jobs in this thread, plain models first, with one progress bar. */
export async function runJobsInline(jobs: PiclJob[], prepared: PreparedPicl, store: ExperimentStore, progress: ProgressReporter, log: (m: string) => void): Promise<void> {
  const ordered = [...jobs.filter((j) => !jobDependency(j)), ...jobs.filter((j) => jobDependency(j))];
  progress.start(`picl: pre-train and evaluate ${jobs.length} LMs`, ordered.reduce((a, j) => a + jobUnits(prepared, j), 0));
  for (const job of ordered) {
    if (await readJobResult(store, job, log)) progress.tick(jobUnits(prepared, job), `${jobName(job)} (saved)`);
    else await runPiclJob(prepared, job, { store, progress, log });
  }
  progress.done();
}

/**
 * Runs the PICL experiment (issue 15): corpus → BPE tokenizer → retriever and its precision →
 * instances from three retrievers → per pre-training seed a plain LM (which also scores the loss
 * filter) and three PICL LMs with the same model, steps, batch and window → in-context gain and
 * few-shot accuracy on held-out tasks. Every step is saved in the store and reused on a re-run.
 */
export async function runPiclExperiment(options: PiclExperimentOptions): Promise<ReportSection> {
  const t0 = performance.now();
  await initBackend();
  const { settings, seed, corpus } = options;
  const store = options.store ?? memoryStore();
  const progress = options.progress ?? silentProgress;
  const log = (m: string): void => progress.log(m);
  let table: GloveTable | null = null;
  const glove = (): GloveTable => (table ??= typeof options.glove === 'function' ? options.glove() : options.glove);
  const prepared = await preparePicl({ settings, seed, corpus, glove, store, progress, log });

  // Retrieval precision (held-out and train-task queries over the whole corpus).
  const precisions = await readJson(store, 'precision.json', log, (j) => j as { held: PrecisionResult[]; seen: PrecisionResult[] });
  const precision = precisions?.held ?? [];
  const precisionSeen = precisions?.seen ?? [];
  if (!precisions) {
    const trained = await preparedRetriever(prepared, glove(), store, log);
    const texts = corpus.paragraphs.map((p) => p.text);
    const rng = new Rng(seed + 13);
    const positions = corpus.paragraphs.map((_, i) => i);
    const heldQ = rng.shuffle(positions.filter((i) => isHeldOutTask(prepared.taskOf(i)))).slice(0, settings.precisionQueries);
    const seenQ = rng.shuffle(positions.filter((i) => isTrainTask(prepared.taskOf(i)))).slice(0, settings.precisionQueries);
    const retrievers: ParagraphRetriever[] = [new RandomRetriever(texts.length, seed), new Bm25Retriever(texts), new DenseRetriever(new MeanGloveEncoder(glove()), texts), new DenseRetriever(trained, texts)];
    progress.start('picl: retrieval precision', retrievers.length);
    for (const r of retrievers) {
      precision.push(sameTaskPrecision(r, heldQ, prepared.taskOf));
      precisionSeen.push(sameTaskPrecision(r, seenQ, prepared.taskOf));
      progress.tick(1, r.name);
    }
    progress.done();
    await writeText(store, 'precision.json', JSON.stringify({ held: precision, seen: precisionSeen }));
  }
  prepared.trained?.dispose();

  // Pre-training and evaluation jobs.
  const jobs = piclJobs(seed, settings.seeds);
  if (options.runJobs) await options.runJobs(jobs, prepared);
  else await runJobsInline(jobs, prepared, store, progress, log);
  const results: JobResult[] = [];
  for (const job of jobs) {
    const r = await readJobResult(store, job, log);
    if (!r) throw new Error(`picl: the result of ${jobName(job)} is missing after its run`);
    results.push(r);
  }

  const tasks = new Set([...corpus.labels.values()].map((l) => l.task));
  const out: PiclResults = {
    settings,
    seed,
    corpus: {
      paragraphs: corpus.paragraphs.length,
      tasks: tasks.size,
      heldOutTasks: [...tasks].filter(isHeldOutTask).sort(),
      trainParagraphs: prepared.pool.length,
      heldOutParagraphs: corpus.paragraphs.length - prepared.pool.length,
      vocabulary: prepared.tokenizer.vocabSize,
      poolTokens: prepared.documents.reduce((a, d) => a + d.reduce((b, p) => b + p.length + 1, 0), 0),
    },
    retrieverLosses: prepared.retrieverLosses,
    precision,
    precisionSeen,
    instances: Object.fromEntries(Object.entries(prepared.instances).map(([n, x]) => [n, instanceStats(x)])),
    jobs: results,
  };
  return buildReport(out, (performance.now() - t0) / 1000);
}

import { learnedPositions, type ProgressReporter, type Transformer } from '@lmkit/tensor';
import { measureGain, meanGainByK, type GainMeasure } from '../eval/gain.js';
import { verbalizerAccuracy } from '../eval/verbalizer.js';
import { instanceParagraphs, type PiclInstance } from '../instances/build.js';
import { lossFilter } from '../instances/filter.js';
import { trainOnStream } from '../lm/train-on-stream.js';
import { instanceStream, plainStream } from '../lm/streams.js';
import type { PreparedPicl } from './prepare.js';
import { CONDITIONS, type Condition, type InstanceRetriever } from './settings.js';
import { readJson, writeText, type ExperimentStore } from './store.js';

/** One pre-training run: a condition and a pre-training seed. */
export interface PiclJob {
  condition: Condition;
  seed: number;
}

/** A job's name in file names and progress, e.g. `picl-bm25-s2`. */
export function jobName(job: PiclJob): string {
  return `${job.condition}-s${job.seed}`;
}

/** Every job of a run: each condition for seeds `seed … seed + seeds − 1`, plain models first (they score the filter). */
export function piclJobs(seed: number, seeds: number): PiclJob[] {
  const out: PiclJob[] = [];
  for (const condition of CONDITIONS) for (let i = 0; i < seeds; i++) out.push({ condition, seed: seed + i });
  return out;
}

/** The job whose result `job` needs first (the plain model of the same seed scores the filter), or null. */
export function jobDependency(job: PiclJob): PiclJob | null {
  return job.condition === 'plain' ? null : { condition: 'plain', seed: job.seed };
}

/** Loss-filter scores of one retriever's instances under one seed's plain LM. */
export interface FilterScores {
  retriever: InstanceRetriever;
  seed: number;
  /** Per instance: mean loss in context minus alone (nats/token). */
  deltas: number[];
}

/** What one job measured. */
export interface JobResult {
  condition: Condition;
  seed: number;
  parameters: number;
  trainingTokens: number;
  /** Mean loss of the last 10% of steps. */
  finalLoss: number;
  /** Instances the PICL model trained on (after the filter); null for plain. */
  instancesUsed: number | null;
  /** Every query loss of the in-context gain. */
  gain: GainMeasure[];
  /** In-context gain at the largest k on the probe items after `step` steps. */
  probes: { step: number; tokens: number; gain: number }[];
  fewShot: { task: string; shots: number; accuracy: number; calibratedAccuracy: number; queries: number; chance: number }[];
  /** Loss-filter scores (plain jobs only). */
  filter?: FilterScores[];
}

/** A filter file: `filter-<retriever>-s<seed>.json`. */
export function filterFile(retriever: InstanceRetriever, seed: number): string {
  return `filter-${retriever}-s${seed}.json`;
}

/** Reads a job's finished result, or null. */
export function readJobResult(store: ExperimentStore, job: PiclJob, log: (m: string) => void): Promise<JobResult | null> {
  return readJson(store, `result-${jobName(job)}.json`, log, (j) => {
    const r = j as JobResult;
    if (r.condition !== job.condition || r.seed !== job.seed || !Array.isArray(r.gain)) throw new Error('unexpected content');
    return r;
  });
}

/** Options of {@link runPiclJob}. */
export interface JobOptions {
  store: ExperimentStore;
  /** Ticks once per training step, then once per evaluation unit (see {@link jobUnits}). */
  progress: ProgressReporter;
  log: (m: string) => void;
}

/** Progress units of one job: training steps plus one per few-shot cell and one for the gain. */
export function jobUnits(p: PreparedPicl, job: PiclJob): number {
  return p.settings.lm.steps + p.settings.fewShot.shots.length * p.evalSets.length + 1 + (job.condition === 'plain' ? 3 : 0);
}

/**
 * Runs one job: pre-trains its LM (resumable from checkpoints in the store), for a plain job scores
 * the loss filter of every retriever's instances, then measures the in-context gain and few-shot
 * accuracy on held-out tasks; the result is saved as `result-<job>.json`. A PICL job reads the
 * filter scores of its seed's plain job (run that first).
 */
export async function runPiclJob(p: PreparedPicl, job: PiclJob, options: JobOptions): Promise<JobResult> {
  const done = await readJobResult(options.store, job, options.log);
  if (done) return done;
  const { settings } = p;
  const { lm } = settings;
  const idsOf = (id: string): number[] => p.idsById.get(id) as number[];
  const ks = settings.gain.ks;
  const maxK = Math.max(...ks);
  let instances: { stream: Int32Array; fraction: number } | undefined;
  let instancesUsed: number | null = null;
  if (job.condition !== 'plain') {
    const scores = await readJson(options.store, filterFile(job.condition, job.seed), options.log, (j) => j as FilterScores);
    if (!scores) throw new Error(`picl: ${filterFile(job.condition, job.seed)} is missing: run the plain job of seed ${job.seed} first`);
    const all = p.instances[job.condition];
    const kept = all.filter((_, i) => (scores.deltas[i] as number) < 0);
    const used: PiclInstance[] = kept.length ? kept : all;
    instancesUsed = used.length;
    instances = { stream: instanceStream(used.map((x) => instanceParagraphs(x, idsOf, settings.demoMaxTokens, settings.budget)), job.seed), fraction: lm.instanceFraction };
  }
  const probeEvery = Math.max(1, Math.floor(lm.steps / settings.gain.probes));
  const result = await trainOnStream({
    config: { vocabSize: p.tokenizer.vocabSize, dModel: lm.dModel, numHeads: lm.numHeads, numLayers: lm.numLayers, seed: job.seed },
    position: () => learnedPositions({ maxLength: settings.budget, dModel: lm.dModel, seed: job.seed }),
    steps: lm.steps,
    batchSize: lm.batchSize,
    seqLen: settings.budget,
    lr: lm.lr,
    seed: job.seed,
    plain: plainStream(p.documents, job.seed),
    ...(instances ? { instances } : {}),
    store: options.store,
    name: `lm-${jobName(job)}.ckpt`,
    checkpointEvery: lm.checkpointEvery,
    probe: { every: probeEvery, run: (model) => meanGainByK(measureGain(model, p.probeItems, [maxK]), [maxK]) },
    onStep: (_s, loss) => options.progress.tick(1, `${jobName(job)} loss ${loss.toFixed(3)}`),
    log: options.log,
  });
  if (result.resumedFrom > 0) options.progress.tick(0, `${jobName(job)} resumed at step ${result.resumedFrom}`);
  const model = result.model;
  try {
    const filter = job.condition === 'plain' ? await scoreFilter(p, job, model, options) : undefined;
    const gain = measureGain(model, p.gainItems, ks);
    options.progress.tick(1, `${jobName(job)} in-context gain`);
    const fewShot: JobResult['fewShot'] = [];
    for (const shots of settings.fewShot.shots) {
      for (const { spec, examples } of p.evalSets) {
        const r = verbalizerAccuracy(model, examples, {
          shots,
          verbalizers: spec.verbalizers,
          encode: (t) => p.tokenizer.encode(t),
          queries: settings.fewShot.queries,
          maxTextTokens: settings.fewShot.textTokens,
          seed: p.seed + shots,
        });
        fewShot.push({ task: spec.name, shots, ...r, chance: 1 / Object.keys(spec.verbalizers).length });
        options.progress.tick(1, `${jobName(job)} ${shots}-shot ${spec.name}`);
      }
    }
    const tail = result.losses.slice(-Math.max(1, Math.floor(result.losses.length / 10)));
    const out: JobResult = {
      condition: job.condition,
      seed: job.seed,
      parameters: model.parameterCount(),
      trainingTokens: lm.steps * lm.batchSize * settings.budget,
      finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
      instancesUsed,
      gain,
      probes: result.probes.map((q) => ({ step: q.step, tokens: q.step * lm.batchSize * settings.budget, gain: q.values[0] as number })),
      fewShot,
      ...(filter ? { filter } : {}),
    };
    await writeText(options.store, `result-${jobName(job)}.json`, JSON.stringify(out));
    return out;
  } finally {
    model.dispose();
  }
}

/** Scores every retriever's instances with a seed's plain LM and saves the scores (one file per retriever). */
async function scoreFilter(p: PreparedPicl, job: PiclJob, model: Transformer, options: JobOptions): Promise<FilterScores[]> {
  const idsOf = (id: string): number[] => p.idsById.get(id) as number[];
  const out: FilterScores[] = [];
  for (const retriever of Object.keys(p.instances) as InstanceRetriever[]) {
    const file = filterFile(retriever, job.seed);
    let scores = await readJson(options.store, file, options.log, (j) => {
      const s = j as FilterScores;
      if (!Array.isArray(s.deltas) || s.deltas.length !== p.instances[retriever].length) throw new Error('unexpected content');
      return s;
    });
    if (!scores) {
      const { deltas } = lossFilter(model, p.instances[retriever], idsOf, { maxLength: p.settings.budget, demoMaxTokens: p.settings.demoMaxTokens, budget: p.settings.budget, batchSize: 8 });
      scores = { retriever, seed: job.seed, deltas };
      await writeText(options.store, file, JSON.stringify(scores));
    }
    options.progress.tick(1, `${jobName(job)} filter ${retriever}`);
    out.push(scores);
  }
  return out;
}

/**
 * A resumable training run of the character-level trace model: fits the tokenizer on the training
 * programs, trains through the curriculum mixture, evaluates small held-out sets every
 * `curveEvery` steps (the learning curves: metrics vs trace tokens seen), and writes the model file
 * atomically every `checkpointEvery` steps. A killed run started again with the same data and
 * settings continues from its file and ends with exactly the numbers of an uninterrupted run; a file
 * from other settings, data or vocabulary is refused.
 */
import { existsSync } from 'node:fs';
import { LmkitError, silentProgress, type ProgressReporter, type Trainer } from '@lmkit/tensor';
import { fnv1a } from '../../datasets/splits.js';
import { evaluateModel, type EvalItem } from '../evaluate.js';
import { TraceModel, DEFAULT_TRACE_MODEL, type TraceModelConfig } from '../trace-model.js';
import { TraceTokenizer, type TokenizerFitOptions, type TracePrefix } from '../tokenizer.js';
import { newTraceTrainer, trainMixture, type TrainProgram } from '../train.js';
import { fitCurriculum, MIXED_CURRICULUM, type MixturePhase } from '../mixture.js';
import type { TrainRunState, CurvePoint } from '../run-state.js';
import { encodeTraceExample } from '../examples.js';
import { LengthPool } from '../token-batches.js';
import { loadTraceModel, saveTraceModel } from './model-file.js';

/** Data sources the curriculum knows, with the prefix their programs get. */
export const SOURCE_PREFIX: Record<string, TracePrefix> = { singleline: 'singleline', tutorial: 'tutorial', mutants: 'codenet' };

/** Learning-curve predictions stop after this many times the gold trace's tokens (+16). */
export const CURVE_CAP = 1.5;

/** Options of {@link trainTraceModel}. */
export interface TrainRunOptions {
  /** Training programs by source (`singleline`, `tutorial`, `mutants`). */
  train: Record<string, readonly TrainProgram[]>;
  /** Held-out sets evaluated for the learning curves (keep them small: every point decodes them all). */
  curve?: Record<string, readonly EvalItem[]>;
  /** Model file. */
  out: string;
  model?: Partial<TraceModelConfig>;
  tokenizer?: TokenizerFitOptions;
  steps: number;
  /** Positions per batch, padding included. Default 4096. */
  tokenBudget?: number;
  /** Peak learning rate. Default 2e-3. */
  lr?: number;
  seed: number;
  /** Default {@link MIXED_CURRICULUM} (sources without data dropped). */
  phases?: readonly MixturePhase[];
  /** Default 100. */
  checkpointEvery?: number;
  /** Steps between learning-curve points (and a point at the end; none at step 0). Default: no curve. */
  curveEvery?: number;
  /** Continue from `out` when it exists (default true). */
  resume?: boolean;
  /** Stop (after saving) once this many steps are done, as if killed there. */
  stopAfter?: number;
  /**
   * Steps between progress lines (`progress.log`: step, loss, tokens, seconds; and every
   * learning-curve point's metrics), for logs without a terminal. Default: none.
   */
  logEvery?: number;
  progress?: ProgressReporter;
}

/** Result of {@link trainTraceModel}; the caller disposes `model`. */
export interface TrainRunResult {
  model: TraceModel;
  state: TrainRunState;
  /** Step the run started at in this call (0 for a fresh run). */
  resumedFrom: number;
  /** Examples per source (after dropping programs whose prompt does not fit). */
  examples: Record<string, number>;
  /** Examples cut at the context length, per source. */
  truncated: Record<string, number>;
}

const hashData = (train: Record<string, readonly TrainProgram[]>): string => {
  let h = 0;
  for (const [name, recs] of Object.entries(train).sort()) {
    h = fnv1a(`${h}|${name}|${recs.length}`);
    for (const r of recs) h = (Math.imul(h, 31) + fnv1a(r.source + '\u0000' + r.trace)) >>> 0;
  }
  return h.toString(16);
};

const hashCurve = (curve: Record<string, readonly EvalItem[]> | undefined): string => fnv1a(JSON.stringify(Object.entries(curve ?? {}).map(([k, v]) => [k, v.length, v.map((x) => fnv1a(x.source))]))).toString(16);

/** Trains (or resumes) a character-level trace model to `options.out`. */
export async function trainTraceModel(options: TrainRunOptions): Promise<TrainRunResult> {
  const progress = options.progress ?? silentProgress;
  const tokenBudget = options.tokenBudget ?? 4096;
  const lr = options.lr ?? 2e-3;
  const phases = fitCurriculum(options.phases ?? MIXED_CURRICULUM, new Set(Object.keys(options.train).filter((k) => options.train[k]!.length > 0)));
  const identity: TrainRunState['run'] = { steps: options.steps, tokenBudget, lr, seed: options.seed, phases, data: hashData(options.train), curve: hashCurve(options.curve) };
  const tokenizer = TraceTokenizer.fit(Object.values(options.train).flat(), options.tokenizer);

  let model: TraceModel;
  let trainer: Trainer;
  let state: TrainRunState;
  if ((options.resume ?? true) && existsSync(options.out)) {
    const loaded = await loadTraceModel<TrainRunState>(options.out);
    model = loaded.model;
    try {
      if (loaded.meta.vocabulary !== tokenizer.fingerprint()) {
        throw new LmkitError(
          'LMKIT_BAD_CHECKPOINT',
          `${options.out} was trained with another vocabulary (${loaded.meta.vocabulary}; these programs give ${tokenizer.fingerprint()}): resume it with the data it was trained on, or write to another --out`,
        );
      }
      if (JSON.stringify(loaded.meta.state?.run) !== JSON.stringify(identity)) {
        throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${options.out} belongs to a run with other settings or data; resume it with the same ones, or write to another --out`);
      }
      if (!loaded.trainer) throw new LmkitError('LMKIT_BAD_CHECKPOINT', `${options.out} holds no trainer state, so it cannot be resumed; write to another --out`);
    } catch (e) {
      model.dispose();
      loaded.trainer?.dispose();
      throw e;
    }
    trainer = loaded.trainer;
    state = loaded.meta.state;
  } else {
    model = new TraceModel(tokenizer, { ...DEFAULT_TRACE_MODEL, seed: options.seed, ...options.model });
    trainer = newTraceTrainer(model, options.steps, lr);
    state = { run: identity, stepsDone: 0, positions: 0, traceTokens: 0, losses: [], sources: [], curve: [], seconds: 0 };
  }

  const pools = new Map<string, LengthPool>();
  const examples: Record<string, number> = {};
  const truncated: Record<string, number> = {};
  for (const [name, recs] of Object.entries(options.train)) {
    const prefix = SOURCE_PREFIX[name];
    if (!prefix) throw new LmkitError('LMKIT_BAD_ARGUMENT', `unknown training source "${name}" (use ${Object.keys(SOURCE_PREFIX).join(', ')})`);
    const enc = recs.flatMap((r) => encodeTraceExample(model.tokenizer, r.source, r.trace, prefix, model.config.maxLen) ?? []);
    examples[name] = enc.length;
    truncated[name] = enc.filter((e) => e.truncated).length;
    if (enc.length > 0) pools.set(name, new LengthPool(name, enc));
  }

  const resumedFrom = trainer.step;
  const every = Math.max(1, options.checkpointEvery ?? 100);
  const curveEvery = options.curveEvery;
  const stopAt = Math.min(options.steps, options.stopAfter ?? options.steps);
  const curvePoint = (): void => {
    const since = state.curve.length > 0 ? state.curve[state.curve.length - 1]!.step : 0;
    const recent = state.losses.slice(since);
    const sets: CurvePoint['sets'] = {};
    for (const [name, items] of Object.entries(options.curve ?? {})) {
      const m = evaluateModel(model, items, { capFactor: CURVE_CAP }).metrics;
      sets[name] = { traceAccuracy: m.traceAccuracy, outputAccuracy: m.outputAccuracy, lineF1: m.lines.f1, identifierF1: m.identifiers.f1, programs: m.programs };
    }
    state.curve.push({ step: trainer.step, traceTokens: state.traceTokens, positions: state.positions, loss: recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null, sets });
  };
  const logEvery = options.logEvery ?? 0;
  const pct = (x: number | null): string => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
  const logStep = (): void => {
    const recent = state.losses.slice(-logEvery);
    const loss = recent.reduce((a, b) => a + b, 0) / Math.max(1, recent.length);
    progress.log(
      `trace train: step ${trainer.step}/${options.steps} (${state.sources[state.sources.length - 1] ?? '—'}) · loss ${loss.toFixed(3)} · ` +
        `${(state.positions / 1e6).toFixed(2)}M positions, ${(state.traceTokens / 1e6).toFixed(2)}M trace tokens · ${Math.round(state.seconds)} s`,
    );
  };
  const logCurve = (p: CurvePoint): void => {
    const sets = Object.entries(p.sets).map(([k, m]) => `${k} trace ${pct(m.traceAccuracy)} output ${pct(m.outputAccuracy)} line F1 ${pct(m.lineF1)} id F1 ${pct(m.identifierF1)}`);
    progress.log(`trace curve: step ${p.step} · ${sets.join(' | ')}`);
  };
  if (logEvery > 0 && resumedFrom > 0) progress.log(`trace train: resuming ${options.out} at step ${resumedFrom}/${options.steps}`);
  const wantsCurve = (step: number): boolean => curveEvery !== undefined && options.curve !== undefined && step > 0 && (step % curveEvery === 0 || step === options.steps);

  try {
    progress.start('trace train', options.steps - trainer.step);
    while (trainer.step < stopAt) {
      const t0 = performance.now();
      const from = trainer.step;
      let until = Math.min(stopAt, (Math.floor(from / every) + 1) * every);
      if (curveEvery) until = Math.min(until, (Math.floor(from / curveEvery) + 1) * curveEvery);
      if (logEvery > 0) until = Math.min(until, (Math.floor(from / logEvery) + 1) * logEvery);
      trainMixture(model, trainer, {
        pools,
        phases,
        totalSteps: options.steps,
        tokenBudget,
        seed: options.seed,
        until,
        onStep: (s) => {
          state.losses.push(Number(s.loss.toFixed(5)));
          state.sources.push(s.source);
          state.positions += s.positions;
          state.traceTokens += s.traceTokens;
          progress.tick(1, `${s.source} loss ${s.loss.toFixed(3)} · ${(state.traceTokens / 1e6).toFixed(2)}M trace tokens`);
          return undefined;
        },
      });
      state.stepsDone = trainer.step;
      if (wantsCurve(trainer.step)) curvePoint();
      state.seconds += (performance.now() - t0) / 1000;
      if (logEvery > 0 && (trainer.step % logEvery === 0 || trainer.step === stopAt)) logStep();
      if (logEvery > 0 && wantsCurve(trainer.step)) logCurve(state.curve[state.curve.length - 1]!);
      if (trainer.step % every === 0 || trainer.step === stopAt) await saveTraceModel(options.out, model, state, trainer);
    }
    progress.done();
  } catch (e) {
    model.dispose();
    throw e;
  } finally {
    trainer.dispose();
  }
  return { model, state, resumedFrom, examples, truncated };
}

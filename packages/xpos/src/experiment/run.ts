import { silentProgress, type ProgressReporter } from '@lmkit/tensor';
import { XPOS_ERROR_CODES, ensure } from '../errors.js';
import type { PositionKind } from '../position/registry.js';
import { modelAttentionResolution } from '../resolution/model-resolution.js';
import type { XposSettings } from './settings.js';
import { windowPerplexity } from './evaluate.js';
import type { ExperimentStore } from '@lmkit/tensor';
import { trainEncoding } from './train.js';
import { evalVariants, variantPattern, type EvalVariant } from './variants.js';

/** Inputs of {@link runExtrapolation}. */
export interface ExtrapolationOptions {
  /** Model, training and evaluation settings (see `QUICK_SETTINGS`, `FULL_SETTINGS`). */
  config: XposSettings;
  /** Training token stream. */
  trainTokens: ArrayLike<number>;
  /** Held-out token stream (perplexity and attention resolution). */
  validTokens: ArrayLike<number>;
  /** Number of token ids (the tokenizer's vocabulary). */
  vocabSize: number;
  /** Seed for initialisation and batches (the same for every encoding). Default 0. */
  seed?: number;
  /** Checkpoints and finished results; a rerun with the same store resumes. */
  store?: ExperimentStore;
  /** Progress of training and evaluation. Default silent. */
  progress?: ProgressReporter;
  /** Describes the data in the result (corpus, tokenizer). */
  dataInfo?: Record<string, unknown>;
  /**
   * Train and evaluate only these of `config.encodings` (default: all). Work is still keyed by the
   * whole configuration, so separate processes given disjoint subsets and the same store share it
   * with each other and with a later run of every encoding.
   */
  only?: readonly PositionKind[];
}

/** Per-encoding training record. */
export interface ModelRecord {
  /** Scalar parameters of the model. */
  parameters: number;
  /** Mean loss of the last 10% of steps (nats/token). */
  finalTrainLoss: number;
  /** Loss every `lossStride` steps. */
  lossCurve: number[];
  /** Steps between two entries of `lossCurve`. */
  lossStride: number;
  /** Seconds spent training in the process that finished the run. */
  trainSeconds: number;
  /** Step training resumed from (0 for a fresh start). */
  resumedFrom: number;
}

/** Everything the experiment measured. */
export interface ExtrapolationResult {
  /** The settings the run used. */
  config: XposSettings;
  /** Seed of initialisation and batches. */
  seed: number;
  /** Description of the data (corpus, tokenizer) as given in `dataInfo`. */
  data: Record<string, unknown>;
  /** Evaluation lengths in tokens (multiples of L). */
  lengths: number[];
  /** The evaluated variants (encoding, with or without BCA). */
  variants: EvalVariant[];
  /** Training record per trained encoding. */
  models: Partial<Record<PositionKind, ModelRecord>>;
  /** Perplexity per variant, aligned with `lengths` (null where the variant cannot run). */
  ppl: Record<string, (number | null)[]>;
  /** Mean attention resolution per variant at L and 2L. */
  resolution: Record<string, { atL: number | null; at2L: number | null }>;
  /** Wall-clock seconds of the whole run. */
  seconds: number;
}

interface EncodingResult {
  fingerprint: string;
  model: ModelRecord;
  ppl: Record<string, (number | null)[]>;
  resolution: Record<string, { atL: number | null; at2L: number | null }>;
}

/** Evaluation lengths: each multiple of L, rounded to an integer ≥ 1. */
export function evalLengths(config: XposSettings): number[] {
  return config.evalMultiples.map((m) => Math.max(1, Math.round(m * config.trainLength)));
}

/**
 * The length-extrapolation experiment (browser-safe core): trains one model per encoding at length
 * L with the same seed, batches and steps, then measures perplexity at each evaluation length
 * (the same held-out tokens for every length) for every variant (BCA variants included) and
 * attention resolution at L and 2L. Finished encodings are kept in the store, so an interrupted
 * run resumes where it stopped.
 */
export async function runExtrapolation(options: ExtrapolationOptions): Promise<ExtrapolationResult> {
  const t0 = performance.now();
  const { config, trainTokens, validTokens, vocabSize, store } = options;
  const seed = options.seed ?? 0;
  const progress = options.progress ?? silentProgress;
  const L = config.trainLength;
  ensure(Number.isInteger(L) && L >= 2 && L % 2 === 0, `trainLength must be an even integer ≥ 2, got ${L}`);
  ensure(config.encodings.length > 0, 'choose at least one encoding');
  const lengths = evalLengths(config);
  const maxLen = Math.max(...lengths, 2 * L);
  ensure(
    validTokens.length > Math.max(config.evalTokens, maxLen * config.resolutionWindows),
    `validation stream too short: ${validTokens.length} tokens for ${config.evalTokens} evaluation tokens and ${config.resolutionWindows} windows of ${maxLen}`,
  );
  const only = options.only ?? config.encodings;
  for (const kind of only) {
    ensure(config.encodings.includes(kind), `"${kind}" is not one of this run's encodings: choose from ${config.encodings.join(', ')}`);
  }
  const kinds = config.encodings.filter((kind) => only.includes(kind));
  const variants = evalVariants(kinds);
  const fingerprint = JSON.stringify({ config, seed, vocabSize, train: trainTokens.length, valid: validTokens.length });
  const result: ExtrapolationResult = {
    config,
    seed,
    data: options.dataInfo ?? {},
    lengths,
    variants,
    models: {},
    ppl: {},
    resolution: {},
    seconds: 0,
  };
  for (const kind of kinds) {
    const doneFile = `${kind}.results.json`;
    const cached = store ? await store.read(doneFile) : null;
    let enc: EncodingResult | null = null;
    if (cached) {
      const parsed = JSON.parse(new TextDecoder().decode(cached)) as EncodingResult;
      if (parsed.fingerprint === fingerprint) {
        enc = parsed;
        progress.log(`xpos: ${kind} already trained and evaluated (kept from an earlier run)`);
      }
    }
    if (!enc) {
      enc = await trainAndEvaluate(kind, variants.filter((v) => v.encoding === kind), options, seed, fingerprint, lengths, progress);
      if (store) await store.write(doneFile, new TextEncoder().encode(JSON.stringify(enc)));
    }
    result.models[kind] = enc.model;
    Object.assign(result.ppl, enc.ppl);
    Object.assign(result.resolution, enc.resolution);
  }
  result.seconds = (performance.now() - t0) / 1000;
  return result;
}

async function trainAndEvaluate(
  kind: PositionKind,
  variants: EvalVariant[],
  options: ExtrapolationOptions,
  seed: number,
  fingerprint: string,
  lengths: number[],
  progress: ProgressReporter,
): Promise<EncodingResult> {
  const { config, trainTokens, validTokens, vocabSize, store } = options;
  const L = config.trainLength;
  const trained = await trainEncoding(kind, trainTokens, vocabSize, config, seed, fingerprint, store, progress);
  const { model, losses } = trained;
  try {
    const tail = losses.slice(Math.floor(losses.length * 0.9));
    const stride = Math.max(1, Math.ceil(losses.length / 200));
    const record: ModelRecord = {
      parameters: model.parameterCount(),
      finalTrainLoss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
      lossCurve: losses.filter((_, i) => i % stride === 0),
      lossStride: stride,
      trainSeconds: trained.seconds,
      resumedFrom: trained.resumedFrom,
    };
    const ppl: EncodingResult['ppl'] = {};
    const resolution: EncodingResult['resolution'] = {};
    progress.start(`evaluate ${kind}`, variants.length * (lengths.length + 2));
    for (const v of variants) {
      const pattern = variantPattern(v, L);
      ppl[v.id] = lengths.map((len) => {
        const r = notCoveredAsNull(() => windowPerplexity(model, validTokens, len, { maxTokens: config.evalTokens, ...(pattern ? { pattern } : {}) }).ppl);
        progress.tick(1, `${v.id} @${len}: ppl ${r === null ? 'n/a' : r.toFixed(2)}`);
        return r !== null && Number.isFinite(r) ? r : null;
      });
      const windows = (len: number): number[][] =>
        Array.from({ length: config.resolutionWindows }, (_, w) => Array.from({ length: len }, (_, j) => validTokens[w * len + j] as number));
      const opts = pattern ? { pattern } : {};
      const atL = notCoveredAsNull(() => modelAttentionResolution(model, windows(L), opts).mean);
      progress.tick(1);
      const at2L = notCoveredAsNull(() => modelAttentionResolution(model, windows(2 * L), opts).mean);
      progress.tick(1);
      resolution[v.id] = { atL, at2L };
      await new Promise((r) => setTimeout(r, 0));
    }
    progress.done();
    return { fingerprint, model: record, ppl, resolution };
  } finally {
    model.dispose();
  }
}

/** Runs `f`; a position the encoding does not cover (a learned table past L) gives null. */
function notCoveredAsNull(f: () => number): number | null {
  try {
    return f();
  } catch (e) {
    if ((e as { code?: string }).code === XPOS_ERROR_CODES.lengthNotCovered) return null;
    throw e;
  }
}

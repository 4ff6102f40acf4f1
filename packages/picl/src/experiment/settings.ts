import { PiclError } from '../errors.js';
import type { CorpusSize } from '../corpus/types.js';

/** Pre-training conditions, in report order: plain text (≈ VanillaICL) and PICL with three retrievers. */
export const CONDITIONS = ['plain', 'picl-trained', 'picl-random', 'picl-bm25'] as const;

/** One pre-training condition. */
export type Condition = (typeof CONDITIONS)[number];

/** The retrievers that build PICL instances. */
export type InstanceRetriever = Exclude<Condition, 'plain'>;

/** Sizes of one run of the PICL experiment. */
export interface PiclSettings {
  corpus: CorpusSize;
  /** Byte-level BPE of the LMs: vocabulary size and characters it is trained on. */
  tokenizer: { vocab: number; maxChars: number };
  retrieverSteps: number;
  /** Held-out queries for the precision table. */
  precisionQueries: number;
  /** Query paragraphs (from the pre-training pool) that get an instance, per retriever. */
  instanceQueries: number;
  /** Context budget of an instance in BPE tokens (= the LMs' training window). */
  budget: number;
  /** Each paragraph of an instance is cut to this many BPE tokens. */
  demoMaxTokens: number;
  /** The LMs (the same for every condition and seed). */
  lm: {
    dModel: number;
    numHeads: number;
    numLayers: number;
    batchSize: number;
    steps: number;
    lr: number;
    /** Share of each PICL batch taken from instances (the rest is plain text; the reference's `--lm-ratio 1` = 0.5). */
    instanceFraction: number;
    checkpointEvery: number;
  };
  /** Pre-training seeds per condition (seed, seed + 1, …). */
  seeds: number;
  /** The in-context gain on held-out tasks. */
  gain: {
    queries: number;
    ks: number[];
    demoMaxTokens: number;
    queryMaxTokens: number;
    /** Queries of the gain measured during training (gain vs training tokens), at the largest k. */
    probeQueries: number;
    /** Probes per training run. */
    probes: number;
  };
  /** Few-shot classification on held-out tasks. */
  fewShot: { queries: number; textTokens: number; shots: number[] };
}

/** `--quick`: about 70 CPU seconds in all, four pre-training processes two at a time (≈ 1 min on 2 idle cores; `/usr/bin/time`, 2026-12-03). */
export const QUICK_SETTINGS: PiclSettings = {
  corpus: { reviewsPerDomain: 300, glossesPerTopic: 30, usagePerTopic: 20, mailsPerClass: 100, speeches: 40, chapters: 10, brownTexts: 45, paragraphsPerText: 6, maxTokens: 64 },
  tokenizer: { vocab: 512, maxChars: 300_000 },
  retrieverSteps: 40,
  precisionQueries: 150,
  instanceQueries: 300,
  budget: 128,
  demoMaxTokens: 48,
  lm: { dModel: 64, numHeads: 2, numLayers: 2, batchSize: 8, steps: 60, lr: 3e-3, instanceFraction: 0.5, checkpointEvery: 30 },
  seeds: 1,
  gain: { queries: 60, ks: [0, 2, 4, 8], demoMaxTokens: 10, queryMaxTokens: 20, probeQueries: 20, probes: 2 },
  fewShot: { queries: 16, textTokens: 12, shots: [0, 4] },
};

/** The full run: two pre-training processes at a time; on the shared 2-core machine a PICL job took 20–29 min, a plain job (it also scores the filter) 45–47 min, all 12 about 3 h (resumable). */
export const FULL_SETTINGS: PiclSettings = {
  corpus: { reviewsPerDomain: 1000, glossesPerTopic: 300, usagePerTopic: 150, mailsPerClass: 800, speeches: 233, chapters: 135, brownTexts: 500, paragraphsPerText: 20, maxTokens: 128 },
  tokenizer: { vocab: 2048, maxChars: 2_000_000 },
  retrieverSteps: 300,
  precisionQueries: 600,
  instanceQueries: 1500,
  budget: 512,
  demoMaxTokens: 255,
  lm: { dModel: 128, numHeads: 2, numLayers: 4, batchSize: 8, steps: 500, lr: 2e-3, instanceFraction: 0.5, checkpointEvery: 25 },
  seeds: 3,
  gain: { queries: 200, ks: [0, 2, 4, 8], demoMaxTokens: 48, queryMaxTokens: 64, probeQueries: 40, probes: 5 },
  fewShot: { queries: 40, textTokens: 32, shots: [0, 4, 8] },
};

/** Training tokens of one LM under `settings`. */
export function trainingTokens(settings: PiclSettings): number {
  return settings.lm.steps * settings.lm.batchSize * settings.budget;
}

type Overrides = { [K in keyof PiclSettings]?: PiclSettings[K] extends unknown[] ? PiclSettings[K] : PiclSettings[K] extends object ? Partial<PiclSettings[K]> : PiclSettings[K] };

/**
 * `base` with `overrides` applied (objects such as `lm` or `gain` merge key by key), checked: every
 * number positive where it must be, and the longest evaluation prompt within the LMs' window.
 * Throws `LMKIT_BAD_ARGUMENT` naming the setting.
 */
export function resolveSettings(base: PiclSettings, overrides: Overrides = {}): PiclSettings {
  const out = { ...base } as Record<string, unknown>;
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in base)) throw new PiclError('LMKIT_BAD_ARGUMENT', `unknown picl setting "${k}": use one of ${Object.keys(base).join(', ')}`);
    const b = (base as unknown as Record<string, unknown>)[k];
    out[k] = b && typeof b === 'object' && !Array.isArray(b) && v && typeof v === 'object' && !Array.isArray(v) ? { ...b, ...v } : v;
  }
  const s = out as unknown as PiclSettings;
  const positive = (name: string, v: unknown): void => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new PiclError('LMKIT_BAD_ARGUMENT', `picl setting ${name} must be a positive number, got ${JSON.stringify(v)}`);
  };
  for (const k of ['retrieverSteps', 'precisionQueries', 'instanceQueries', 'budget', 'demoMaxTokens', 'seeds'] as const) positive(k, s[k]);
  for (const [k, v] of Object.entries(s.lm)) if (k !== 'instanceFraction') positive(`lm.${k}`, v);
  if (!(s.lm.instanceFraction >= 0 && s.lm.instanceFraction <= 1)) throw new PiclError('LMKIT_BAD_ARGUMENT', `picl setting lm.instanceFraction must be within 0…1, got ${s.lm.instanceFraction}`);
  const maxK = Math.max(...s.gain.ks);
  const gainRow = maxK * (s.gain.demoMaxTokens + 1) + 1 + s.gain.queryMaxTokens;
  if (gainRow > s.budget) throw new PiclError('LMKIT_BAD_ARGUMENT', `picl settings: the in-context gain's longest prompt (${gainRow} tokens) exceeds budget ${s.budget}; lower gain.demoMaxTokens or gain.queryMaxTokens`);
  return s;
}

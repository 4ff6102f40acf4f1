/**
 * Sizes and training settings of the trace experiment (`lmkit reproduce`, section `trace`): SingleLine
 * at scale, generated teaching programs, the stdlib doctests and mutants; the trace model. Browser-safe.
 */
import type { TraceModelConfig } from '../model/trace-model.js';

/** Sizes and training settings of the experiment. */
export interface TraceExperimentSettings {
  /** Programs generated (indices `0 … n-1`, before tracing, dropping and de-duplication). */
  build: { singleline: number; teaching: number; codenetmut: number };
  /** Held-out programs evaluated at the end, per set (the first ones of each held-out split). */
  evaluate: { singleline: number; singlelineTemplates: number; tutorial: number; codenetmut: number };
  /**
   * Stop a held-out prediction after this many times its gold trace's tokens (+16), or null to stop
   * only at `<eos>` or the context. A prediction that long is wrong whatever follows; the cap only
   * keeps an undertrained model from decoding to the end of its context on every program.
   */
  evalCap: number | null;
  /** Held-out programs evaluated at every learning-curve point. */
  curve: { singleline: number; tutorial: number; codenetmut: number; every: number };
  model: Partial<TraceModelConfig>;
  steps: number;
  /** Positions per batch, padding included. */
  tokenBudget: number;
  lr: number;
  /** `mixed` (earlier sources kept in later phases, the default) or `naive` (the paper's one-after-the-other). */
  curriculum: 'mixed' | 'naive';
  checkpointEvery: number;
  /**
   * Steps between progress lines in the log (training step, loss, tokens; learning-curve metrics;
   * dataset and evaluation progress), for runs without a terminal; 0 for none.
   */
  logEvery: number;
  /** Sandbox workers building the datasets. */
  workers: number;
  /** SingleLine programs timed through the warm tracer pool (the Tutorial timing uses every doctest program). */
  throughputPrograms: number;
}

/** `--quick`: a small model on a few thousand programs, about a minute and a half on 2 idle cores. */
export const QUICK_SETTINGS: TraceExperimentSettings = {
  build: { singleline: 2500, teaching: 500, codenetmut: 0 },
  evaluate: { singleline: 200, singlelineTemplates: 60, tutorial: 24, codenetmut: 0 },
  evalCap: 2,
  curve: { singleline: 0, tutorial: 0, codenetmut: 0, every: 0 },
  model: { dModel: 64, numHeads: 4, numLayers: 2, maxLen: 448 },
  steps: 700,
  tokenBudget: 1024,
  lr: 6e-3,
  curriculum: 'mixed',
  checkpointEvery: 100,
  logEvery: 0,
  workers: 2,
  throughputPrograms: 60,
};

/**
 * The full run (`lmkit reproduce --only trace`; measured on 2 cores: 110 s of tracing on two,
 * then 107 min of training with its learning curves and 4 min of evaluation on one): a
 * 6-layer, ~1.26M-parameter model with rotary positions (copying a value from the source or the
 * previous state is one relative offset for every position) and a 1,024-token context (every
 * SingleLine and ~99% of the teaching programs and mutants fit whole), trained for 6,000 steps of
 * 2,048 positions (12.3M positions: about two passes over SingleLine, one over the teaching
 * programs) on 60,000 SingleLine draws, 24,000 teaching programs and 6,000 mutants.
 */
export const FULL_SETTINGS: TraceExperimentSettings = {
  build: { singleline: 60_000, teaching: 24_000, codenetmut: 6_000 },
  evaluate: { singleline: 300, singlelineTemplates: 150, tutorial: 150, codenetmut: 150 },
  evalCap: 2,
  curve: { singleline: 150, tutorial: 60, codenetmut: 40, every: 500 },
  model: { dModel: 128, numHeads: 4, numLayers: 6, maxLen: 1024, position: 'rope' },
  steps: 6000,
  tokenBudget: 2048,
  lr: 3e-3,
  curriculum: 'mixed',
  checkpointEvery: 100,
  logEvery: 100,
  workers: 2,
  throughputPrograms: 300,
};

/**
 * CodeExecutor's trace metrics (arXiv 2305.05383): output accuracy, trace accuracy, and micro
 * precision/recall/F1 over executed lines and identifiers. By default exactly as the reference
 * (CodeBERT `CodeExecutor/inference/metric.py`, see reference.ts); `referenceQuirks: false` gives
 * lmkit's own reading (a final `<output>` step kept, malformed steps never equal, empty cases
 * defined). Either way the diagnostics (malformed steps, dropped incomplete steps) come from lmkit's
 * lenient step parser and do not change the numbers.
 */
import { ArgumentError } from '@lmkit/tensor';
import { referenceMetrics, type ReferenceNumbers } from './reference.js';
import { splitTraceSteps, type ScoredStep } from './steps.js';

/**
 * Precision, recall and F1 with the counts behind them. Where metric.py would divide by zero the
 * empty-case definitions of {@link precisionRecall} apply (`TraceMetrics.reference` shows null there).
 */
export interface PrecisionRecall {
  /** Items judged correct (matched by step position). */
  correct: number;
  /** Items in the predictions. */
  predicted: number;
  /** Items in the gold traces. */
  gold: number;
  precision: number;
  recall: number;
  f1: number;
}

/** A prediction step the metric could not read (it counts as a wrong step). */
export interface MalformedStep {
  /** Index of the program (0-based, in input order). */
  program: number;
  /** Index of the step within that program's prediction. */
  step: number;
  /** The step text (cut to 200 characters). */
  text: string;
  reason: string;
}

/** Scores of one program. */
export interface ProgramScore {
  /** Whole trace equal (same number of steps, every step equal). */
  exact: boolean;
  /** Output sequence equal; null when the gold trace prints nothing (excluded from output accuracy). */
  outputCorrect: boolean | null;
  lines: { correct: number; predicted: number; gold: number };
  identifiers: { correct: number; predicted: number; gold: number };
}

/** Corpus-level trace metrics; rates are fractions in [0, 1]. */
export interface TraceMetrics {
  /** `reference`: CodeBERT's metric.py, quirks included (default); `lmkit`: lmkit's cleaner reading. */
  definition: 'reference' | 'lmkit';
  /** With the reference definition: its eight numbers exactly as metric.py prints them (percent, 2 decimals). */
  reference?: ReferenceNumbers;
  /** Programs scored. */
  programs: number;
  /**
   * Output accuracy: among programs whose gold trace prints something, the fraction whose predicted
   * output sequence equals the gold one exactly. Null when no gold trace prints anything
   * (the reference divides by zero there).
   */
  outputAccuracy: number | null;
  /** Programs whose gold trace prints something (the denominator of output accuracy). */
  outputPrograms: number;
  /** Trace accuracy: fraction of programs whose whole trace is predicted exactly. Null for no programs. */
  traceAccuracy: number | null;
  /** Micro P/R/F1 over steps (executed lines and output steps), compared by position. */
  lines: PrecisionRecall;
  /** Micro P/R/F1 over `name : value` entries, counted only where the step's line matches. */
  identifiers: PrecisionRecall;
  /** Unreadable prediction steps (scored as wrong). */
  malformed: MalformedStep[];
  /** Unreadable gold steps (should be empty for traces made by the tracer). */
  malformedGold: MalformedStep[];
  /** Final `<line>` steps without `</state>` that were dropped (truncated traces). */
  droppedIncomplete: { predicted: number; gold: number };
  /** Per-program scores, in input order. */
  perProgram: ProgramScore[];
}

/**
 * Precision/recall/F1 from counts. Empty cases (documented, never NaN):
 * precision is 1 when nothing was predicted and nothing was expected, 0 when nothing was predicted
 * but something was expected; recall symmetrically; F1 is 0 when precision + recall is 0.
 */
export function precisionRecall(correct: number, predicted: number, gold: number): PrecisionRecall {
  const precision = predicted > 0 ? correct / predicted : gold === 0 ? 1 : 0;
  const recall = gold > 0 ? correct / gold : predicted === 0 ? 1 : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { correct, predicted, gold, precision, recall, f1 };
}

function sameStep(p: ScoredStep, g: ScoredStep): boolean {
  if (p.kind === 'malformed' || g.kind === 'malformed') return false;
  if (p.kind === 'output' || g.kind === 'output') return p.kind === g.kind && p.text === g.text;
  return p.head === g.head && sameState(p.state!, g.state!);
}

function sameState(a: Map<string, string>, b: Map<string, string>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}

/** Identifiers of `p` equal to `g`'s, counted only when both are well-formed line steps on the same line. */
function sameIdentifiers(p: ScoredStep, g: ScoredStep): number {
  if (p.kind !== 'line' || g.kind !== 'line' || p.head !== g.head) return 0;
  let n = 0;
  for (const [k, v] of p.state!) if (g.state!.get(k) === v) n++;
  return n;
}

const identifierCount = (steps: ScoredStep[]): number => steps.reduce((a, s) => a + (s.kind === 'output' ? 0 : (s.state?.size ?? 0)), 0);
const outputsOf = (steps: ScoredStep[]): string[] => steps.filter((s) => s.kind === 'output').map((s) => s.output!).filter((o) => o !== '');

/** Scores one prediction against one gold trace (both CodeExecutor trace text). */
export function scoreProgram(pred: string, gold: string): ProgramScore & { predSteps: ScoredStep[]; goldSteps: ScoredStep[]; dropped: { predicted: boolean; gold: boolean } } {
  const p = splitTraceSteps(pred);
  const g = splitTraceSteps(gold);
  let correct = 0;
  let correctIds = 0;
  const n = Math.min(p.steps.length, g.steps.length);
  for (let i = 0; i < n; i++) {
    if (sameStep(p.steps[i]!, g.steps[i]!)) correct++;
    correctIds += sameIdentifiers(p.steps[i]!, g.steps[i]!);
  }
  const goldOut = outputsOf(g.steps);
  const predOut = outputsOf(p.steps);
  const outputCorrect = goldOut.length === 0 ? null : goldOut.length === predOut.length && goldOut.every((o, i) => o === predOut[i]);
  return {
    exact: correct === g.steps.length && p.steps.length === g.steps.length,
    outputCorrect,
    lines: { correct, predicted: p.steps.length, gold: g.steps.length },
    identifiers: { correct: correctIds, predicted: identifierCount(p.steps), gold: identifierCount(g.steps) },
    predSteps: p.steps,
    goldSteps: g.steps,
    dropped: { predicted: p.droppedIncomplete, gold: g.droppedIncomplete },
  };
}

const malformedOf = (steps: ScoredStep[], program: number): MalformedStep[] =>
  steps.flatMap((s, step) => (s.kind === 'malformed' ? [{ program, step, text: s.text.slice(0, 200), reason: s.reason ?? 'unreadable' }] : []));

/** Options of {@link scoreTraces}. */
export interface ScoreOptions {
  /** Follow CodeBERT's metric.py exactly (default true); false: lmkit's own reading. */
  referenceQuirks?: boolean;
}

/**
 * Scores predicted traces against gold traces, program by program (same order, same count).
 * Steps are compared by position, as in the reference: one missing step shifts every later one.
 * Never throws on bad prediction text: unreadable steps are wrong and listed in `malformed`.
 */
export function scoreTraces(preds: readonly string[], golds: readonly string[], opts: ScoreOptions = {}): TraceMetrics {
  if (preds.length !== golds.length) {
    throw new ArgumentError(`scoreTraces: ${preds.length} predictions but ${golds.length} gold traces; give one prediction per gold program`);
  }
  const lmkit = scoreLmkit(preds, golds);
  if (opts.referenceQuirks === false) return lmkit;
  const ref = referenceMetrics(preds, golds);
  const c = ref.counts;
  return {
    ...lmkit,
    definition: 'reference',
    reference: ref.numbers,
    outputAccuracy: ref.fractions.outputAccuracy,
    outputPrograms: c.outputPrograms,
    traceAccuracy: ref.fractions.traceAccuracy,
    lines: precisionRecall(c.lines.same, c.lines.predicted, c.lines.gold),
    identifiers: precisionRecall(c.identifiers.same, c.identifiers.predicted, c.identifiers.gold),
    perProgram: ref.perProgram.map((p) => ({
      exact: p.exact,
      outputCorrect: p.goldPrints ? p.outputSame : null,
      lines: { correct: p.sentences.same, predicted: p.sentences.predicted, gold: p.sentences.gold },
      identifiers: { correct: p.identifiers.same, predicted: p.identifiers.predicted, gold: p.identifiers.gold },
    })),
  };
}

/** lmkit's reading (see the module comment). */
function scoreLmkit(preds: readonly string[], golds: readonly string[]): TraceMetrics {
  const perProgram: ProgramScore[] = [];
  const malformed: MalformedStep[] = [];
  const malformedGold: MalformedStep[] = [];
  const dropped = { predicted: 0, gold: 0 };
  const sums = { lc: 0, lp: 0, lg: 0, ic: 0, ip: 0, ig: 0, exact: 0, outN: 0, outOk: 0 };
  preds.forEach((pred, i) => {
    const s = scoreProgram(pred, golds[i]!);
    malformed.push(...malformedOf(s.predSteps, i));
    malformedGold.push(...malformedOf(s.goldSteps, i));
    if (s.dropped.predicted) dropped.predicted++;
    if (s.dropped.gold) dropped.gold++;
    sums.lc += s.lines.correct;
    sums.lp += s.lines.predicted;
    sums.lg += s.lines.gold;
    sums.ic += s.identifiers.correct;
    sums.ip += s.identifiers.predicted;
    sums.ig += s.identifiers.gold;
    if (s.exact) sums.exact++;
    if (s.outputCorrect !== null) {
      sums.outN++;
      if (s.outputCorrect) sums.outOk++;
    }
    perProgram.push({ exact: s.exact, outputCorrect: s.outputCorrect, lines: s.lines, identifiers: s.identifiers });
  });
  return {
    definition: 'lmkit',
    programs: preds.length,
    outputAccuracy: sums.outN > 0 ? sums.outOk / sums.outN : null,
    outputPrograms: sums.outN,
    traceAccuracy: preds.length > 0 ? sums.exact / preds.length : null,
    lines: precisionRecall(sums.lc, sums.lp, sums.lg),
    identifiers: precisionRecall(sums.ic, sums.ip, sums.ig),
    malformed,
    malformedGold,
    droppedIncomplete: dropped,
    perProgram,
  };
}

/**
 * From dataset records to a trained-model recipe: the tokenizer fitted on the training programs and
 * the curriculum stages (SingleLine, then Tutorial-style: Tutorial programs and their mutants).
 * Browser-safe.
 */
import { encodeExample, type EncodedExample, type ExamplePrefix } from './examples.js';
import { lexSource } from './source-lexer.js';
import { TraceTokenizer, type FitOptions } from './tokenizer.js';
import type { CurriculumStage } from './train.js';

/** The fields of a dataset record the model needs. */
export interface TrainingRecord {
  set: string;
  source: string;
  trace: string;
}

/** The data prefix the model sees for a record of `set` (`mutants` are the CodeNetMut-style set). */
export function prefixFor(set: string): ExamplePrefix {
  return set === 'singleline' ? 'singleline' : set === 'tutorial' ? 'tutorial' : 'codenet';
}

/** Fits the tokenizer on the sources and traces of `records`. */
export function fitTraceTokenizer(records: readonly TrainingRecord[], options?: FitOptions): TraceTokenizer {
  return TraceTokenizer.fit(
    records.flatMap((r) => [lexSource(r.source), r.trace.split(/\s+/).filter(Boolean)]),
    options,
  );
}

/** Encodes records (those whose prompt does not fit `maxLen` are left out; long traces are cut). */
export function encodeRecords(tok: TraceTokenizer, records: readonly TrainingRecord[], maxLen: number): EncodedExample[] {
  const out: EncodedExample[] = [];
  for (const r of records) {
    const e = encodeExample(tok, r.source, r.trace, prefixFor(r.set), maxLen);
    if (e) out.push(e);
  }
  return out;
}

/** Options of {@link buildCurriculum}. */
export interface BuildCurriculumOptions {
  maxLen: number;
  /** Total optimisation steps. */
  steps: number;
  /** Share of the steps spent on the Tutorial-style stage (when it has data). Default 0.4. */
  tutorialShare?: number;
  /** Share of each Tutorial-stage batch drawn from SingleLine (rehearsal). Default 0.3. */
  rehearsal?: number;
}

/** SingleLine stage, then the Tutorial-style stage (skipped when it has no examples). */
export function buildCurriculum(
  tok: TraceTokenizer,
  singleline: readonly TrainingRecord[],
  tutorialStyle: readonly TrainingRecord[],
  options: BuildCurriculumOptions,
): CurriculumStage[] {
  const sl = encodeRecords(tok, singleline, options.maxLen);
  const tu = encodeRecords(tok, tutorialStyle, options.maxLen);
  const share = tu.length > 0 && sl.length > 0 ? (options.tutorialShare ?? 0.4) : tu.length > 0 ? 1 : 0;
  const tuSteps = Math.round(options.steps * share);
  const stages: CurriculumStage[] = [];
  if (sl.length > 0) stages.push({ name: 'singleline', examples: sl, steps: options.steps - tuSteps });
  if (tu.length > 0) stages.push({ name: 'tutorial', examples: tu, steps: tuSteps, rehearsal: options.rehearsal ?? 0.3 });
  return stages;
}

/**
 * Public, browser-safe API of the metrics, mutation operators, datasets and trace model
 * (re-exported by the package entry).
 */
export { scoreTraces, scoreProgram, precisionRecall, type ScoreOptions, type TraceMetrics, type ProgramScore, type PrecisionRecall, type MalformedStep } from '../metrics/score.js';
export {
  referenceMetrics,
  referenceOutputs,
  referenceProgram,
  referenceSameSentence,
  referenceSentences,
  referenceState,
  pyRound2,
  pyStrip,
  type PRF,
  type ReferenceNumbers,
  type ReferenceProgramCounts,
  type ReferenceResult,
} from '../metrics/reference.js';
export { splitTraceSteps, parseStep, normalizeSpace, type ScoredStep, type SplitTrace } from '../metrics/steps.js';
export { parseTraceJsonl, pairTraces, type TraceRecord } from '../metrics/records.js';
export { Mutator, type Mutant, type MutationFailure, type MutationResult } from '../mutate/mutator.js';
export type { PythonEval } from '../python/install.js';
export { MUTATION_OPERATORS, MUTATION_OPERATOR_IDS, isMutationOperator, type MutationOperator } from '../mutate/operators.js';
export { singleLineProgram, singleLineTemplateCount, itemRng, SINGLELINE_TYPES, type SingleLineProgram, type SingleLineType } from './singleline.js';
export { extractTutorialPool, type TutorialPool, type TutorialProgram, type TutorialOrigin } from './tutorial.js';
export { candidate, datasetSize, DATASET_NAMES, type Candidate, type CandidateContext, type DatasetName, type BuildSetName } from './candidates.js';
export {
  buildRecords,
  type BuildRecordsOptions,
  type DatasetRecord,
  type IndexOutcome,
  type TracedProgram,
  type TraceProgram,
} from './build.js';
export { lexSource, lineToken, MAX_LINE_TOKEN } from '../model/source-lexer.js';
export { TraceTokenizer, CONTROL_TOKENS, PREFIX_TOKENS, STRUCTURE_TOKENS, FORMAT_TOKENS, type TraceTokenizerJSON, type FitOptions } from '../model/tokenizer.js';
export { encodeExample, encodePrompt, makeBatch, tokenWeight, STRUCTURE_WEIGHT, CONTENT_WEIGHT, type EncodedExample, type ExamplePrefix } from '../model/examples.js';
export { TraceModel, DEFAULT_TRACE_MODEL, type TraceModelConfig, type TracePrediction } from '../model/trace-model.js';
export { trainCurriculum, curriculumBatch, curriculumSteps, stageAt, type CurriculumStage, type CurriculumOptions } from '../model/train.js';
export { buildCurriculum, encodeRecords, fitTraceTokenizer, prefixFor, type TrainingRecord, type BuildCurriculumOptions } from '../model/curriculum.js';
export { evaluateTraceModel, type EvalProgram, type TraceModelEvaluation } from '../model/evaluate.js';
export * from '../model/char-api.js';

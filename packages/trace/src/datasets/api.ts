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
export { scaledSingleLineProgram, SINGLELINE_SCALE_TEMPLATES, SINGLELINE_HELDOUT_TEMPLATES, type ScaledSingleLineProgram } from './singleline-scale.js';
export { teachingProgram, TEACHING_FAMILY_NAMES, TEACHING_MAX_LINES, type TeachingProgram } from './teaching.js';
export { generatedCandidate, isGeneratedSet, type GeneratedSetName } from './generated-candidates.js';
export { programSplit, dedupeBySource, canonicalSource, fnv1a, HELD_OUT_PERCENT, type Split } from './splits.js';
export { parseDatasetJsonl, type DatasetLine } from './records-file.js';
export { lexPython, lineToken, MAX_LINE_TOKEN, type Lexeme } from '../model/python-lexemes.js';
export { TraceTokenizer, CONTROL_TOKENS, PREFIX_TOKENS, STRUCTURE_TOKENS, FORMAT_TOKENS, type TraceTokenizerJSON, type TokenizerFitOptions, type TracePrefix } from '../model/tokenizer.js';
export { TraceModel, DEFAULT_TRACE_MODEL, type PredictOptions, type TraceModelConfig, type TracePrediction } from '../model/trace-model.js';
export { greedyDecodeBatch, type DecodeOptions, type DecodedIds } from '../model/greedy-batch.js';
export { beamDecode, type BeamOptions, type BeamResult } from '../model/beam-search.js';
export { LengthPool } from '../model/token-batches.js';
export { encodeTraceExample, makeBatch, tokenWeight, STRUCTURE_WEIGHT, CONTENT_WEIGHT, type EncodedExample, type WeightingVocabulary } from '../model/examples.js';
export { MIXED_CURRICULUM, NAIVE_CURRICULUM, fitCurriculum, mixtureBatch, phaseAt, type MixturePhase } from '../model/mixture.js';
export { trainMixture, newTraceTrainer, type TrainMixtureOptions, type TraceStepInfo, type TrainProgram } from '../model/train.js';
export type { TrainRunState, CurvePoint } from '../model/run-state.js';
export { lineOrderBaseline, copyStateBaseline, staticLineOrder } from '../model/baselines.js';
export { evaluateModel, scoreSet, scoreBaselines, BASELINES, type EvalItem, type GroupScore, type SetScore, type ModelScore, type EvaluateOptions } from '../model/evaluate.js';

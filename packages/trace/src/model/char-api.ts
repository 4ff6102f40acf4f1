/**
 * Public, browser-safe API of the generated datasets and the character-level trace model
 * (re-exported by the package entry).
 */
export { scaledSingleLineProgram, SINGLELINE_SCALE_TEMPLATES, SINGLELINE_HELDOUT_TEMPLATES, type ScaledSingleLineProgram } from '../datasets/singleline-scale.js';
export { teachingProgram, TEACHING_FAMILY_NAMES, TEACHING_MAX_LINES, type TeachingProgram } from '../datasets/teaching.js';
export { generatedCandidate, isGeneratedSet, type GeneratedSetName } from '../datasets/generated-candidates.js';
export { programSplit, dedupeBySource, canonicalSource, fnv1a, HELD_OUT_PERCENT, type Split } from '../datasets/splits.js';
export { parseDatasetJsonl, type DatasetLine } from '../datasets/records-file.js';
export { lexPython, type Lexeme } from './python-lexemes.js';
export { CharTraceTokenizer, type CharTokenizerJSON, type CharFitOptions, type TracePrefix } from './char-tokenizer.js';
export { CharTraceModel, DEFAULT_CHAR_TRACE_MODEL, type CharTraceModelConfig, type CharTracePrediction } from './char-model.js';
export { greedyDecodeBatch, type DecodeOptions, type DecodedIds } from './greedy-batch.js';
export { encodeTraceExample, LengthPool } from './token-batches.js';
export { MIXED_CURRICULUM, NAIVE_CURRICULUM, fitCurriculum, mixtureBatch, phaseAt, type MixturePhase } from './mixture.js';
export { trainMixture, newCharTrainer, type TrainMixtureOptions, type CharStepInfo, type TrainProgram } from './char-train.js';
export type { CharRunState, CurvePoint } from './run-state.js';
export { lineOrderBaseline, copyStateBaseline, staticLineOrder } from './baselines.js';
export { evaluateModel, scoreSet, scoreBaselines, BASELINES, type EvalItem, type GroupScore, type SetScore, type ModelScore, type EvaluateOptions } from './char-evaluate.js';
export { QUICK_EXECUTOR_SETTINGS, FULL_EXECUTOR_SETTINGS, type ExecutorSettings } from '../experiment/executor-settings.js';
export { splitExecutorData, evaluateSet, summarise, fitShare, EVAL_SETS, EVAL_SET_LABELS, type ExecutorData, type ExecutorSplits, type EvalSetName, type SetEvaluation, type SetSummary, type Rate } from '../experiment/executor-run.js';
export type { ExecutorResult, TracedSetStats } from '../experiment/executor-result.js';
export { executorReportSection, EXECUTOR_HELD_OUT_TABLE } from '../experiment/executor-report.js';

/**
 * @lmkit/icl — why GPT can learn in context: the dual form of linear attention, linear
 * self-attention as one gradient-descent step, momentum attention, and the ICL-vs-finetuning
 * metrics (Rec2FTP, SimAOU, SimAM). Browser-safe; the Node-only report runner is `@lmkit/icl/node`.
 * @packageDocumentation
 */
export { ICL_ERROR_CODES } from './errors.js';
export {
  zeros,
  toMatrix,
  toVector,
  matVec,
  matMulF64,
  cosine,
  maxAbsDiff,
  randomMatrix,
  row,
  type Matrix,
  type MatrixLike,
  type VectorLike,
} from './linalg/matrix.js';
export {
  dualForm,
  gdLinearUpdate,
  prepareDualInput,
  type DualFormInput,
  type DualFormResult,
  type GdReading,
  type GdLinearUpdateInput,
  type PreparedDualInput,
} from './dual/dual-form.js';
export { dualFormTf, type DualFormTfResult } from './dual/dual-form-tf.js';
export {
  gdStepLinearRegression,
  vonOswaldWeights,
  linearSelfAttention,
  regressionTokens,
  type GdStepInput,
  type LsaWeights,
  type VonOswaldInput,
} from './gd/von-oswald.js';
export { trainLsaOnRegression, type LsaTrainOptions, type LsaVsGd, type ReducedLsa } from './gd/lsa-train.js';
export { momentumAttention, momentumDecayMatrix, type MomentumAttentionOptions } from './attention/momentum.js';
export { rec2ftp, simAou, simAm, mean } from './analysis/metrics.js';
export { finetuneKeyValue, keyValueNames, snapshot, applyRandomUpdate, type FtExample, type FtMode, type RandomDirection } from './analysis/finetune.js';
export { layerLogits } from './analysis/layer-logits.js';
export { probe, type ProbeResult } from './analysis/probe.js';
export {
  TaskVocab,
  CATEGORIES,
  LABEL_WORDS,
  CLASSES_PER_TASK,
  isHeldOutSet,
  sampleTask,
  sampleExample,
  renderPrompt,
  pretrainSequence,
  type Task,
  type Example,
} from './analysis/tasks.js';
export { iclModel, iclPosition, ICL_ALIBI_SLOPES, pretrainIclModel, trainingSequence, type PretrainOptions, type PretrainResult } from './analysis/pretrain.js';
export {
  analyseExample,
  sampleEvalExamples,
  summarise,
  selectFtLr,
  iclAccuracy,
  VARIANTS,
  standardError,
  type EvalExample,
  type ExampleRecord,
  type Variant,
  type VariantSummary,
  type ModelSummary,
} from './analysis/icl-vs-ft.js';
export { runIclAnalysis, type IclAnalysisResult, type ModelStore } from './experiment/run.js';
export { QUICK_SETTINGS, FULL_SETTINGS, type IclSettings } from './experiment/settings.js';
export { PAPER_NUMBERS } from './experiment/paper.js';
export { runExactChecks } from './experiment/exact-checks.js';
export type { ExactChecks } from './experiment/report.js';

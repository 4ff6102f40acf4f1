/**
 * @lmkit/tensor — the shared core of lmkit.
 * @packageDocumentation
 */
export * from './errors.js';
export { Rng, type RngState } from './random/rng.js';
export { initBackend, currentBackend, type BackendName, type BackendInfo, type InitBackendOptions } from './backend/init.js';
export {
  noPosition,
  learnedPositions,
  sinusoidalPositions,
  sinusoidalTable,
  checkPositionStart,
  checkHeadDim,
  SINUSOIDAL_BASE,
  ROPE_BASE,
  rotaryFrequencies,
  rotaryTables,
  pairSwapMatrix,
  applyRotary,
  checkRotateArgs,
  rope,
  type RotaryOptions,
  type PositionEncoding,
  type LearnedPositionsOptions,
  type SinusoidalPositionsOptions,
} from './position/index.js';
export type { AttentionPattern, AttentionInputs, AttentionResult } from './attention/types.js';
export { MASKED_SCORE } from './attention/types.js';
export { causalMask, maskFromPredicate } from './attention/mask.js';
export { denseAttention } from './attention/dense.js';
export { causalPattern } from './attention/causal.js';
export { resolveConfig, type TransformerConfig, type ResolvedTransformerConfig } from './model/config.js';
export { layerNorm, gelu, linear, embed } from './model/layers.js';
export {
  Transformer,
  crossEntropy,
  toIdTensor,
  disposeCache,
  selectCacheRows,
  disposeLayerTraces,
  type TransformerPlugins,
  type ForwardOptions,
  type ForwardResult,
  type KVCache,
  type LayerTrace,
} from './model/transformer.js';
export { AdamW, type AdamWOptions } from './train/adamw.js';
export { warmupCosine, type ScheduleOptions } from './train/schedule.js';
export { clipByGlobalNorm } from './train/clip.js';
export { Trainer, type TrainerOptions, type Batch, type StepInfo } from './train/trainer.js';
export { sampleLmBatch } from './train/batches.js';
export {
  MISSING_VALUE,
  silentProgress,
  chartSpec,
  chartProblems,
  VEGA_LITE_SCHEMA,
  LEGEND_LABEL_LIMIT,
  type NumberFormat,
  type TableColumn,
  type NumberCell,
  type TableCell,
  type ReportTable,
  type PaperComparison,
  type ChartSpec,
  type ReportSection,
  type ProgressReporter,
  type ReproduceContext,
  type ReproduceSectionRunner,
} from './report/index.js';
export {
  CharTokenizer,
  BpeTokenizer,
  UNK_ID,
  tokenizerFromJSON,
  wtf8Encode,
  wtf8Decode,
  pretokenize,
  type Tokenizer,
  type CharTokenizerOptions,
  type BpeTrainOptions,
} from './tokenize/index.js';
export {
  encodeCheckpoint,
  decodeCheckpoint,
  restoreModel,
  loadWeights,
  restoreTrainer,
  restoreTrainerState,
  restoreTokenizer,
  CHECKPOINT_FORMAT,
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  type CheckpointInput,
  type DecodedCheckpoint,
  type StoredTensor,
  type CheckpointHeader,
  type TensorEntry,
} from './checkpoint/index.js';
export { perplexity, perplexityWindows, sequencePerplexity, type PerplexityWindow, type PerplexityOptions, type PerplexityResult } from './eval/perplexity.js';
export { matMul } from './ops/matmul.js';
export { parseShard, shardPositions, shardRange, type Shard } from './shard/shard.js';
export type { ExperimentStore } from './experiment/store.js';

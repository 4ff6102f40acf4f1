/**
 * @lmkit/xpos — a length-extrapolatable transformer (arXiv 2212.10554): XPOS, RoPE, ALiBi and
 * absolute position encodings for @lmkit/tensor, blockwise causal attention (BCA), attention
 * resolution, and the pieces of the length-extrapolation experiment. Browser-safe.
 * @packageDocumentation
 */
export { XPOS_ERROR_CODES } from './errors.js';
export { ROPE_BASE, XPOS_GAMMA, XPOS_SCALE_BASE } from './position/constants.js';
export {
  rotaryFrequencies,
  xposZeta,
  xposParams,
  type RotaryOptions,
  type XposOptions,
  type XposParams,
} from './position/frequencies.js';
// Rotary machinery and RoPE live in the core (@lmkit/tensor); re-exported here for XPOS users.
export { rotaryTables, applyRotary, pairSwapMatrix, rope } from '@lmkit/tensor';
export { xpos, xposCentre } from './position/xpos.js';
export { alibi, alibiSlopes, alibiBiasArray, type AlibiOptions, type GeometricSlopes } from './position/alibi.js';
export { positionFromDescription, POSITION_KINDS, type PositionKind } from './position/registry.js';
export { ropeF64, xposF64, dotF64 } from './position/reference.js';
export { bca, type BcaOptions } from './attention/bca/bca.js';
export { bcaAllowed, bcaBlockSize, bcaPatternMatrix } from './attention/bca/geometry.js';
export {
  attentionResolution,
  scoresByDistance,
  meanResolution,
  type ResolutionOptions,
  type LastTermConvention,
} from './resolution/resolution.js';
export { modelAttentionResolution, type ModelResolutionOptions, type ModelResolution } from './resolution/model-resolution.js';
export { scoreVsDistance, type ScoreCurveKind, type ScoreCurveOptions } from './demo/score-vs-distance.js';
export { QUICK_SETTINGS, FULL_SETTINGS, type XposSettings } from './experiment/settings.js';
export { evalVariants, makeEncoding, variantPattern, type EvalVariant } from './experiment/variants.js';
export { windowPerplexity } from './experiment/evaluate.js';
export {
  encodeTrainingState,
  decodeTrainingState,
  peekTrainingStateMeta,
} from './experiment/state.js';
export { trainEncoding, type TrainedModel } from './experiment/train.js';
export {
  runExtrapolation,
  evalLengths,
  type ExtrapolationOptions,
  type ExtrapolationResult,
  type ModelRecord,
} from './experiment/run.js';
export { PAPER_NUMBERS, paperPpl } from './experiment/paper.js';

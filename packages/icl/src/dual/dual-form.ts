import { requireDemos, requireLearningRate, requireShape } from '../errors.js';
import { addOuter, matVec, maxAbsDiff, row, toMatrix, toVector, zeros, type Matrix, type MatrixLike, type VectorLike } from '../linalg/matrix.js';

/** Inputs of {@link dualForm}. Tokens are rows; weights map a token (length d) to a key/value. */
export interface DualFormInput {
  /** Key projection W_K, `dk × d`. */
  wK: MatrixLike;
  /** Value projection W_V, `dv × d`. */
  wV: MatrixLike;
  /** Demonstration tokens X′, `n′ × d` (at least one row). */
  demos: MatrixLike;
  /** The query's own context tokens X (the zero-shot input), `n × d`; may have no rows. Default none. */
  context?: MatrixLike;
  /**
   * The attention query. A vector q of length `dk`, or, when `wQ` is given, a token x of length d
   * and q = W_Q x.
   */
  query: VectorLike;
  /** Optional query projection W_Q, `dk × d`. */
  wQ?: MatrixLike;
  /**
   * Learning rate η of the gradient-descent reading (default 1): the same ΔW_ICL is
   * η Σ eᵢ ⊗ xᵢ with training inputs xᵢ = W_K x′ᵢ and error signals eᵢ = W_V x′ᵢ / η.
   */
  lr?: number;
}

/** The ICL update read as one gradient-descent step of a linear layer (see {@link gdLinearUpdate}). */
export interface GdReading {
  /** Initial weights W_ZSL, `dv × dk`. */
  w0: Matrix;
  /** Training inputs xᵢ = W_K x′ᵢ, one row per demonstration token. */
  inputs: Matrix;
  /** Error signals (negative loss gradients w.r.t. the layer output) eᵢ = W_V x′ᵢ / η. */
  errors: Matrix;
  /** Learning rate η. */
  lr: number;
}

/** Both sides of the dual form, and the pieces. */
export interface DualFormResult {
  /** Relaxed linear attention over [X′; X]: Σⱼ (W_V xⱼ)((W_K xⱼ)·q), length dv. */
  attention: Float64Array;
  /** (W_ZSL + ΔW_ICL)·q, length dv. */
  dual: Float64Array;
  /** W_ZSL = W_V X (W_K X)ᵀ = Σ over context tokens of (W_V x) ⊗ (W_K x), `dv × dk`. */
  wZsl: Matrix;
  /** ΔW_ICL = Σᵢ (W_V x′ᵢ) ⊗ (W_K x′ᵢ), `dv × dk`. */
  deltaW: Matrix;
  /** The zero-shot output W_ZSL·q. */
  zeroShot: Float64Array;
  /** The query vector q actually used. */
  q: Float64Array;
  /** max |attention − dual| (0 up to rounding). */
  maxAbsDiff: number;
  /** The same update as one GD step on a linear layer. */
  gd: GdReading;
}

/**
 * Computes the in-context output of relaxed (linear, unnormalised) attention on a query two
 * ways: the attention form Σⱼ W_V xⱼ (W_K xⱼ)ᵀ q over demonstrations and context, and the dual
 * form (W_ZSL + ΔW_ICL)·q with ΔW_ICL = Σᵢ (W_V x′ᵢ) ⊗ (W_K x′ᵢ) (Dai et al. 2023, §3).
 * Plain float64 arithmetic: the two agree to rounding (≈1e-15 relative).
 *
 * @throws `LMKIT_BAD_SHAPE` for mismatched shapes, `LMKIT_ICL_EMPTY_DEMOS` when `demos` has no
 *   rows, `LMKIT_ICL_BAD_LEARNING_RATE` when `lr` ≤ 0.
 */
export function dualForm(input: DualFormInput): DualFormResult {
  const { wK, wV, demos, context, q, lr } = prepareDualInput(input);
  const dk = wK.rows;
  const dv = wV.rows;
  const wZsl = zeros(dv, dk);
  const deltaW = zeros(dv, dk);
  const inputs = zeros(demos.rows, dk);
  const errors = zeros(demos.rows, dv);
  const attention = new Float64Array(dv);
  const accumulate = (tokens: Matrix, target: Matrix, demo: boolean): void => {
    for (let i = 0; i < tokens.rows; i++) {
      const x = row(tokens, i);
      const k = matVec(wK, x);
      const v = matVec(wV, x);
      addOuter(target, v, k);
      // Attention form, token by token: v · (k·q).
      let kq = 0;
      for (let j = 0; j < dk; j++) kq += k[j]! * q[j]!;
      for (let j = 0; j < dv; j++) attention[j]! += v[j]! * kq;
      if (demo) {
        inputs.data.set(k, i * dk);
        for (let j = 0; j < dv; j++) errors.data[i * dv + j] = v[j]! / lr;
      }
    }
  };
  accumulate(demos, deltaW, true);
  accumulate(context, wZsl, false);
  const zeroShot = matVec(wZsl, q);
  const icl = matVec(deltaW, q);
  const dual = new Float64Array(dv);
  for (let j = 0; j < dv; j++) dual[j] = zeroShot[j]! + icl[j]!;
  return { attention, dual, wZsl, deltaW, zeroShot, q, maxAbsDiff: maxAbsDiff(attention, dual), gd: { w0: wZsl, inputs, errors, lr } };
}

/** Validated, converted inputs of the dual form (shared by the float64 and tfjs versions). */
export interface PreparedDualInput {
  /** W_K, `dk × d`. */
  wK: Matrix;
  /** W_V, `dv × d`. */
  wV: Matrix;
  /** Demonstration tokens, `n′ × d` (at least one row). */
  demos: Matrix;
  /** Context tokens, `n × d` (possibly no rows). */
  context: Matrix;
  /** The attention query (W_Q already applied when given). */
  q: Float64Array;
  /** Learning rate η of the GD reading. */
  lr: number;
}

/** Validates and converts {@link DualFormInput}; throws the typed errors {@link dualForm} documents. */
export function prepareDualInput(input: DualFormInput): PreparedDualInput {
  const lr = input.lr ?? 1;
  requireLearningRate(lr);
  const wK = toMatrix(input.wK, 'wK');
  const wV = toMatrix(input.wV, 'wV');
  const demos = toMatrix(input.demos, 'demos');
  requireDemos(demos.rows);
  const d = wK.cols;
  requireShape(wV.cols === d, `wV has ${wV.cols} columns but wK has ${d}: both must take tokens of the same width`);
  requireShape(demos.cols === d, `demos have width ${demos.cols}, the projections expect ${d}`);
  const context = input.context === undefined ? zeros(0, d) : toMatrix(input.context, 'context');
  requireShape(context.rows === 0 || context.cols === d, `context tokens have width ${context.cols}, the projections expect ${d}`);
  return { wK, wV, demos, context: context.rows === 0 ? zeros(0, d) : context, q: queryVector(input, wK), lr };
}

function queryVector(input: DualFormInput, wK: Matrix): Float64Array {
  const raw = toVector(input.query);
  if (input.wQ === undefined) {
    requireShape(raw.length === wK.rows, `query has length ${raw.length}, keys have length ${wK.rows}`);
    return raw;
  }
  const wQ = toMatrix(input.wQ, 'wQ');
  requireShape(wQ.rows === wK.rows, `wQ has ${wQ.rows} rows, wK has ${wK.rows}: queries and keys must have the same length`);
  requireShape(raw.length === wQ.cols, `query token has length ${raw.length}, wQ expects ${wQ.cols}`);
  return matVec(wQ, raw);
}

/** Inputs of {@link gdLinearUpdate}. */
export interface GdLinearUpdateInput {
  /** Initial weights W₀, `out × in`. */
  w0: MatrixLike;
  /** Training inputs xᵢ, one row each (length `in`). */
  inputs: MatrixLike;
  /** Error signals eᵢ = −∂L/∂yᵢ, one row each (length `out`). */
  errors: MatrixLike;
  /** Learning rate η > 0. */
  lr: number;
}

/**
 * One gradient-descent step of a linear layer y = W x: W₀ + η Σᵢ eᵢ ⊗ xᵢ, where eᵢ is the
 * negative gradient of the loss w.r.t. the output on example i.
 * @throws `LMKIT_ICL_BAD_LEARNING_RATE`, `LMKIT_ICL_EMPTY_DEMOS`, `LMKIT_BAD_SHAPE`.
 */
export function gdLinearUpdate(input: GdLinearUpdateInput): Matrix {
  requireLearningRate(input.lr);
  const w0 = toMatrix(input.w0, 'w0');
  const xs = toMatrix(input.inputs, 'inputs');
  const es = toMatrix(input.errors, 'errors');
  requireDemos(xs.rows, 'training inputs');
  requireShape(xs.rows === es.rows, `${xs.rows} inputs but ${es.rows} error signals`);
  requireShape(xs.cols === w0.cols && es.cols === w0.rows, `W₀ is ${w0.rows}×${w0.cols}; inputs need width ${w0.cols}, errors width ${w0.rows}`);
  const w = { rows: w0.rows, cols: w0.cols, data: Float64Array.from(w0.data) };
  for (let i = 0; i < xs.rows; i++) addOuter(w, row(es, i), row(xs, i), input.lr);
  return w;
}

import { requireDemos, requireLearningRate, requireShape } from '../errors.js';
import { gdLinearUpdate } from '../dual/dual-form.js';
import { matVec, row, toMatrix, zeros, type Matrix, type MatrixLike } from '../linalg/matrix.js';

/** Inputs of {@link gdStepLinearRegression}. */
export interface GdStepInput {
  /** Initial weights W₀, `dy × dx`. */
  w0: MatrixLike;
  /** Inputs xᵢ, `N × dx`. */
  xs: MatrixLike;
  /** Targets yᵢ, `N × dy`. */
  ys: MatrixLike;
  /** Learning rate η > 0. */
  lr: number;
}

/**
 * One explicit gradient-descent step on in-context linear regression,
 * L(W) = 1/(2N) Σᵢ ‖W xᵢ − yᵢ‖²: returns W₁ = W₀ − η ∇L(W₀) = W₀ − (η/N) Σᵢ (W₀xᵢ − yᵢ) ⊗ xᵢ.
 * @throws `LMKIT_ICL_BAD_LEARNING_RATE`, `LMKIT_ICL_EMPTY_DEMOS`, `LMKIT_BAD_SHAPE`.
 */
export function gdStepLinearRegression(input: GdStepInput): Matrix {
  requireLearningRate(input.lr);
  const w0 = toMatrix(input.w0, 'w0');
  const xs = toMatrix(input.xs, 'xs');
  const ys = toMatrix(input.ys, 'ys');
  requireDemos(xs.rows, 'regression examples');
  requireShape(xs.rows === ys.rows, `${xs.rows} inputs but ${ys.rows} targets`);
  requireShape(xs.cols === w0.cols && ys.cols === w0.rows, `W₀ is ${w0.rows}×${w0.cols}: inputs need width ${w0.cols}, targets ${w0.rows}`);
  // −∂L/∂(W₀xᵢ) = (yᵢ − W₀xᵢ)/N: the step is a linear-layer GD step with these error signals.
  const n = xs.rows;
  const errors = zeros(n, w0.rows);
  for (let i = 0; i < n; i++) {
    const prediction = matVec(w0, row(xs, i));
    const y = row(ys, i);
    for (let j = 0; j < w0.rows; j++) errors.data[i * w0.rows + j] = (y[j]! - prediction[j]!) / n;
  }
  return gdLinearUpdate({ w0, inputs: xs, errors, lr: input.lr });
}

/** Weights of one linear self-attention layer on tokens eᵢ = (xᵢ, yᵢ) of width dx + dy. */
export interface LsaWeights {
  wK: Matrix;
  wQ: Matrix;
  wV: Matrix;
  /** Output projection P. */
  p: Matrix;
}

/** Inputs of {@link vonOswaldWeights}. */
export interface VonOswaldInput {
  /** Input width dx. */
  dx: number;
  /** Target width dy. */
  dy: number;
  /** Initial regression weights W₀, `dy × dx` (default zeros). */
  w0?: MatrixLike;
  /** GD learning rate η > 0. */
  lr: number;
  /** Number of in-context examples N. */
  n: number;
}

/**
 * The construction of von Oswald et al. (2023, Prop. 1): W_K = W_Q = [[I, 0], [0, 0]],
 * W_V = [[0, 0], [W₀, −I]], P = (η/N)·I. With it, one linear self-attention layer over the N
 * context tokens moves every token's y-slot by −ΔW·x, where ΔW = W₁ − W₀ is one GD step.
 */
export function vonOswaldWeights(input: VonOswaldInput): LsaWeights {
  requireLearningRate(input.lr);
  requireDemos(input.n, 'context examples (n)');
  const { dx, dy } = input;
  requireShape(Number.isInteger(dx) && dx > 0 && Number.isInteger(dy) && dy > 0, `dx and dy must be positive integers, got ${dx} and ${dy}`);
  const w0 = input.w0 === undefined ? zeros(dy, dx) : toMatrix(input.w0, 'w0');
  requireShape(w0.rows === dy && w0.cols === dx, `w0 must be ${dy}×${dx}, got ${w0.rows}×${w0.cols}`);
  const dim = dx + dy;
  const wK = zeros(dim, dim);
  for (let i = 0; i < dx; i++) wK.data[i * dim + i] = 1;
  const wQ = { rows: dim, cols: dim, data: Float64Array.from(wK.data) };
  const wV = zeros(dim, dim);
  for (let i = 0; i < dy; i++) {
    for (let j = 0; j < dx; j++) wV.data[(dx + i) * dim + j] = w0.data[i * dx + j]!;
    wV.data[(dx + i) * dim + dx + i] = -1;
  }
  const p = zeros(dim, dim);
  for (let i = 0; i < dim; i++) p.data[i * dim + i] = input.lr / input.n;
  return { wK, wQ, wV, p };
}

/**
 * One linear self-attention layer with a residual connection:
 * eⱼ ← eⱼ + P Σ_{i < contextRows} (W_V eᵢ)((W_K eᵢ)·(W_Q eⱼ)) for every token j.
 * Only the first `contextRows` tokens are attended to (the query token is not its own example).
 */
export function linearSelfAttention(tokens: MatrixLike, weights: LsaWeights, contextRows: number): Matrix {
  const e = toMatrix(tokens, 'tokens');
  const dim = e.cols;
  for (const [name, m] of Object.entries(weights) as [string, Matrix][]) {
    requireShape(m.rows === dim && m.cols === dim, `${name} must be ${dim}×${dim}, got ${m.rows}×${m.cols}`);
  }
  requireShape(contextRows >= 0 && contextRows <= e.rows, `contextRows ${contextRows} outside [0, ${e.rows}]`);
  const keys: Float64Array[] = [];
  const values: Float64Array[] = [];
  for (let i = 0; i < contextRows; i++) {
    keys.push(matVec(weights.wK, row(e, i)));
    values.push(matVec(weights.wV, row(e, i)));
  }
  const out = { rows: e.rows, cols: dim, data: Float64Array.from(e.data) };
  for (let j = 0; j < e.rows; j++) {
    const q = matVec(weights.wQ, row(e, j));
    const acc = new Float64Array(dim);
    for (let i = 0; i < contextRows; i++) {
      let s = 0;
      const k = keys[i]!;
      for (let c = 0; c < dim; c++) s += k[c]! * q[c]!;
      const v = values[i]!;
      for (let c = 0; c < dim; c++) acc[c]! += v[c]! * s;
    }
    const delta = matVec(weights.p, acc);
    for (let c = 0; c < dim; c++) out.data[j * dim + c]! += delta[c]!;
  }
  return out;
}

/**
 * Builds the token matrix for in-context regression: N rows (xᵢ, yᵢ), then the query row
 * (x_q, −W₀x_q); after {@link linearSelfAttention} with {@link vonOswaldWeights}, the query's
 * y-slot holds −W₁x_q, so the prediction is its negation.
 */
export function regressionTokens(xs: MatrixLike, ys: MatrixLike, xQuery: ArrayLike<number>, w0?: MatrixLike): Matrix {
  const x = toMatrix(xs, 'xs');
  const y = toMatrix(ys, 'ys');
  requireShape(x.rows === y.rows, `${x.rows} inputs but ${y.rows} targets`);
  requireShape(xQuery.length === x.cols, `query has width ${xQuery.length}, inputs ${x.cols}`);
  const dx = x.cols;
  const dy = y.cols;
  const dim = dx + dy;
  const out = zeros(x.rows + 1, dim);
  for (let i = 0; i < x.rows; i++) {
    out.data.set(row(x, i), i * dim);
    out.data.set(row(y, i), i * dim + dx);
  }
  const q = Float64Array.from(xQuery);
  out.data.set(q, x.rows * dim);
  if (w0 !== undefined) {
    const w = toMatrix(w0, 'w0');
    const s = matVec(w, q);
    for (let c = 0; c < dy; c++) out.data[x.rows * dim + dx + c] = -s[c]!;
  }
  return out;
}

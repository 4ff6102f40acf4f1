import { Rng } from '@lmkit/tensor';
import { requireDemos, requireLearningRate } from '../errors.js';
import { cosine } from '../linalg/matrix.js';

/** Options of {@link trainLsaOnRegression}. Defaults in brackets. */
export interface LsaTrainOptions {
  /** Input width [3]. */
  dx?: number;
  /** In-context examples per task [10]. */
  n?: number;
  /** Adam steps [1500]. */
  steps?: number;
  /** Tasks per step [64]. */
  batch?: number;
  /** Adam learning rate [0.01]. */
  lr?: number;
  /** Seed [0]. */
  seed?: number;
  /** Tasks used for the final comparison [2000]. */
  evalTasks?: number;
}

/**
 * A single-layer linear self-attention model for scalar regression, reduced to what reaches the
 * query's y-slot: ŷ = −(1/N) Σᵢ (v·eᵢ)(eᵢᵀ M e_q), with eᵢ = (xᵢ, yᵢ), e_q = (x_q, 0),
 * v = the y-row of P·W_V and M = W_Kᵀ W_Q (only M's first dx columns matter).
 */
export interface ReducedLsa {
  /** Length dx + 1. */
  v: Float64Array;
  /** `(dx+1) × (dx+1)`, row-major. */
  m: Float64Array;
}

/** How a trained LSA compares with one GD step at the best learning rate. */
export interface LsaVsGd {
  /** The trained model. */
  model: ReducedLsa;
  /** Best GD learning rate η* for this task distribution (closed-form line search). */
  gdLr: number;
  /** Mean squared error of the trained LSA on fresh tasks. */
  lsaLoss: number;
  /** Mean squared error of one GD step from W₀ = 0 with η*. */
  gdLoss: number;
  /** Mean squared error of predicting 0 (the untrained reference). */
  zeroLoss: number;
  /** Mean (ŷ_LSA − ŷ_GD)² relative to mean ŷ_GD². */
  predictionGap: number;
  /** Cosine between the effective weight tensors v ⊗ M[:, :dx] of the LSA and of the construction. */
  weightCosine: number;
  /** Mean cosine between ∂ŷ/∂x_q of the LSA and of GD (von Oswald's model alignment). */
  sensitivityCosine: number;
  /** Training loss per 100 steps. */
  lossCurve: number[];
}

interface Task {
  e: Float64Array[]; // N tokens of width dx+1
  xq: Float64Array;
  yq: number;
}

function sampleTask(rng: Rng, dx: number, n: number): Task {
  const w = Float64Array.from({ length: dx }, () => rng.normal());
  const point = (): Float64Array => Float64Array.from({ length: dx }, () => 2 * rng.next() - 1);
  const label = (x: Float64Array): number => x.reduce((s, xi, i) => s + xi * w[i]!, 0);
  const e: Float64Array[] = [];
  for (let i = 0; i < n; i++) {
    const x = point();
    const t = new Float64Array(dx + 1);
    t.set(x);
    t[dx] = label(x);
    e.push(t);
  }
  const xq = point();
  return { e, xq, yq: label(xq) };
}

/** Prediction ŷ and its pieces for one task. */
function lsaForward(model: ReducedLsa, task: Task, dx: number): { y: number; a: number[]; b: number[] } {
  const dim = dx + 1;
  const n = task.e.length;
  // M e_q with e_q = (x_q, 0).
  const meq = new Float64Array(dim);
  for (let r = 0; r < dim; r++) {
    let s = 0;
    for (let c = 0; c < dx; c++) s += model.m[r * dim + c]! * task.xq[c]!;
    meq[r] = s;
  }
  const a: number[] = [];
  const b: number[] = [];
  let y = 0;
  for (const ei of task.e) {
    let ai = 0;
    let bi = 0;
    for (let c = 0; c < dim; c++) {
      ai += model.v[c]! * ei[c]!;
      bi += ei[c]! * meq[c]!;
    }
    a.push(ai);
    b.push(bi);
    y -= (ai * bi) / n;
  }
  return { y, a, b };
}

/** Prediction of one GD step from W₀ = 0: (η/N) Σ yᵢ xᵢ·x_q. */
function gdPredict(task: Task, dx: number, lr: number): number {
  let s = 0;
  for (const ei of task.e) {
    let xx = 0;
    for (let c = 0; c < dx; c++) xx += ei[c]! * task.xq[c]!;
    s += ei[dx]! * xx;
  }
  return (lr * s) / task.e.length;
}

/**
 * Trains a single linear self-attention layer from scratch (Adam, plain float64 arithmetic) on
 * in-context linear regression (w ~ N(0, I), x ~ U(−1, 1)^dx, y = w·x) and compares it with one
 * gradient-descent step at the best learning rate, by prediction and by weight alignment.
 */
export function trainLsaOnRegression(options: LsaTrainOptions = {}): LsaVsGd {
  const dx = options.dx ?? 3;
  const n = options.n ?? 10;
  const steps = options.steps ?? 1500;
  const batch = options.batch ?? 64;
  const lr = options.lr ?? 0.01;
  const evalTasks = options.evalTasks ?? 2000;
  requireLearningRate(lr);
  requireDemos(n, 'context examples (n)');
  const dim = dx + 1;
  const rng = new Rng(options.seed ?? 0);
  const params = new Float64Array(dim + dim * dim).map(() => rng.normal() * 0.1);
  const view = (): ReducedLsa => ({ v: params.subarray(0, dim), m: params.subarray(dim) });
  const m1 = new Float64Array(params.length);
  const m2 = new Float64Array(params.length);
  const lossCurve: number[] = [];
  let running = 0;
  for (let step = 1; step <= steps; step++) {
    const grad = new Float64Array(params.length);
    const model = view();
    let loss = 0;
    for (let t = 0; t < batch; t++) {
      const task = sampleTask(rng, dx, n);
      const { y, a, b } = lsaForward(model, task, dx);
      const err = y - task.yq;
      loss += err * err;
      const g = (2 * err) / batch; // dL/dŷ
      for (let i = 0; i < n; i++) {
        const ei = task.e[i]!;
        for (let c = 0; c < dim; c++) {
          grad[c]! -= (g * b[i]! * ei[c]!) / n; // ∂ŷ/∂v = −(1/N) Σ bᵢ eᵢ
          for (let k = 0; k < dx; k++) grad[dim + c * dim + k]! -= (g * a[i]! * ei[c]! * task.xq[k]!) / n; // ∂ŷ/∂M = −(1/N) Σ aᵢ eᵢ e_qᵀ
        }
      }
    }
    running += loss / batch;
    if (step % 100 === 0) {
      lossCurve.push(running / 100);
      running = 0;
    }
    const bc1 = 1 - 0.9 ** step;
    const bc2 = 1 - 0.999 ** step;
    for (let i = 0; i < params.length; i++) {
      m1[i] = 0.9 * m1[i]! + 0.1 * grad[i]!;
      m2[i] = 0.999 * m2[i]! + 0.001 * grad[i]! * grad[i]!;
      params[i]! -= (lr * (m1[i]! / bc1)) / (Math.sqrt(m2[i]! / bc2) + 1e-8);
    }
  }
  const model = view();
  const evalRng = new Rng((options.seed ?? 0) + 0x5eed);
  const tasks = Array.from({ length: evalTasks }, () => sampleTask(evalRng, dx, n));
  // Best GD step size: least squares of y_q on the η = 1 prediction.
  let num = 0;
  let den = 0;
  for (const t of tasks) {
    const p1 = gdPredict(t, dx, 1);
    num += p1 * t.yq;
    den += p1 * p1;
  }
  const gdLr = num / den;
  let lsaLoss = 0;
  let gdLoss = 0;
  let zeroLoss = 0;
  let gap = 0;
  let gdSq = 0;
  let sens = 0;
  for (const t of tasks) {
    const yl = lsaForward(model, t, dx).y;
    const yg = gdPredict(t, dx, gdLr);
    lsaLoss += (yl - t.yq) ** 2;
    gdLoss += (yg - t.yq) ** 2;
    zeroLoss += t.yq ** 2;
    gap += (yl - yg) ** 2;
    gdSq += yg * yg;
    sens += cosine(lsaSensitivity(model, t, dx), gdSensitivity(t, dx, gdLr));
  }
  // Effective tensors v_a · M_bc (c < dx); the construction has v = −η e_y, M = [[I,0],[0,0]].
  const effLsa: number[] = [];
  const effGd: number[] = [];
  for (let a = 0; a < dim; a++) {
    for (let b = 0; b < dim; b++) {
      for (let c = 0; c < dx; c++) {
        effLsa.push(model.v[a]! * model.m[b * dim + c]!);
        effGd.push(a === dx && b === c ? -gdLr : 0);
      }
    }
  }
  const k = tasks.length;
  return {
    model: { v: Float64Array.from(model.v), m: Float64Array.from(model.m) },
    gdLr,
    lsaLoss: lsaLoss / k,
    gdLoss: gdLoss / k,
    zeroLoss: zeroLoss / k,
    predictionGap: gap / gdSq,
    weightCosine: cosine(effLsa, effGd),
    sensitivityCosine: sens / k,
    lossCurve,
  };
}

function lsaSensitivity(model: ReducedLsa, task: Task, dx: number): Float64Array {
  // ŷ = −(1/N) Σ aᵢ (eᵢᵀ M)[:dx]·x_q, so ∂ŷ/∂x_q = −(1/N) Σ aᵢ (eᵢᵀ M)[:dx].
  const dim = dx + 1;
  const out = new Float64Array(dx);
  for (const ei of task.e) {
    let a = 0;
    for (let c = 0; c < dim; c++) a += model.v[c]! * ei[c]!;
    for (let k = 0; k < dx; k++) {
      let em = 0;
      for (let r = 0; r < dim; r++) em += ei[r]! * model.m[r * dim + k]!;
      out[k]! -= (a * em) / task.e.length;
    }
  }
  return out;
}

function gdSensitivity(task: Task, dx: number, lr: number): Float64Array {
  const out = new Float64Array(dx);
  for (const ei of task.e) for (let k = 0; k < dx; k++) out[k]! += (lr * ei[dx]! * ei[k]!) / task.e.length;
  return out;
}

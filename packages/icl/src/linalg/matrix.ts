import { ShapeError } from '@lmkit/tensor';

/** A dense row-major float64 matrix. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  /** `rows · cols` entries, row-major. */
  readonly data: Float64Array;
}

/** A matrix, or nested arrays of numbers (rectangular, one inner array per row). */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/** A vector as a typed or plain array. */
export type VectorLike = Float64Array | readonly number[];

/** A zero matrix. */
export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** Converts nested arrays (validated rectangular and finite) or passes a {@link Matrix} through. */
export function toMatrix(m: MatrixLike, name = 'matrix'): Matrix {
  if (!Array.isArray(m)) {
    const mm = m as Matrix;
    if (mm.data.length !== mm.rows * mm.cols) throw new ShapeError(`${name}: data has ${mm.data.length} entries, expected ${mm.rows}×${mm.cols}`);
    return mm;
  }
  const rows = m as readonly (readonly number[])[];
  const cols = rows[0]?.length ?? 0;
  const out = zeros(rows.length, cols);
  rows.forEach((row, i) => {
    if (row.length !== cols) throw new ShapeError(`${name}: row ${i} has ${row.length} entries, row 0 has ${cols}`);
    row.forEach((v, j) => {
      if (!Number.isFinite(v)) throw new ShapeError(`${name}: entry [${i}, ${j}] is not a finite number`);
      out.data[i * cols + j] = v;
    });
  });
  return out;
}

/** Converts a vector to Float64Array. */
export function toVector(v: VectorLike): Float64Array {
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/** Row `i` as a view. */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** `m · v`. */
export function matVec(m: Matrix, v: Float64Array): Float64Array {
  if (v.length !== m.cols) throw new ShapeError(`matVec: matrix is ${m.rows}×${m.cols}, vector has ${v.length} entries`);
  const out = new Float64Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    let s = 0;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) s += m.data[o + j]! * v[j]!;
    out[i] = s;
  }
  return out;
}

/** `a · b`. */
export function matMulF64(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows) throw new ShapeError(`matMulF64: ${a.rows}×${a.cols} times ${b.rows}×${b.cols}`);
  const out = zeros(a.rows, b.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < b.cols; j++) out.data[i * b.cols + j]! += aik * b.data[k * b.cols + j]!;
    }
  }
  return out;
}

/** `m += scale · (u ⊗ w)` in place (u has `rows` entries, w has `cols`). */
export function addOuter(m: Matrix, u: Float64Array, w: Float64Array, scale = 1): void {
  for (let i = 0; i < m.rows; i++) {
    const ui = u[i]! * scale;
    if (ui === 0) continue;
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) m.data[o + j]! += ui * w[j]!;
  }
}

/** Element-wise `a + b`. */
export function add(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new ShapeError(`add: ${a.rows}×${a.cols} vs ${b.rows}×${b.cols}`);
  const out = zeros(a.rows, a.cols);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i]! + b.data[i]!;
  return out;
}

/** Dot product. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Cosine similarity a·b / √(‖a‖²‖b‖²), in float64; 0 when either vector is zero. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i]! * b[i]!;
    aa += a[i]! * a[i]!;
    bb += b[i]! * b[i]!;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** Largest absolute entry-wise difference. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A matrix of N(0, std²) entries drawn from `normal`. */
export function randomMatrix(rows: number, cols: number, normal: () => number, std = 1): Matrix {
  const m = zeros(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = normal() * std;
  return m;
}

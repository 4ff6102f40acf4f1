/**
 * A dense text encoder: maps texts to unit vectors so that the inner product is the similarity.
 * Queries and documents are embedded the same way.
 */
export interface Encoder {
  /** `glove`, `trained`, … */
  readonly name: string;
  /** Vector dimension. */
  readonly dim: number;
  /** Unit vectors, one per text (a text with no known word gives the zero vector). */
  embed(texts: string[]): Float32Array[];
}

/** Scales `v` to unit length in place (a zero vector stays zero); returns it. */
export function normalize(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) ** 2;
  if (s > 0) {
    const inv = 1 / Math.sqrt(s);
    for (let i = 0; i < v.length; i++) v[i] = (v[i] as number) * inv;
  }
  return v;
}

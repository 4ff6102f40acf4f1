import { PiclError } from '../errors.js';
import { wordTokens } from '../text/tokenize.js';
import { normalize, type Encoder } from './types.js';

/** Word vectors: `words[i]` has the vector `vectors[i·dim … (i+1)·dim)`. */
export class GloveTable {
  readonly dim: number;
  readonly words: readonly string[];
  readonly vectors: Float32Array;
  private readonly ids: Map<string, number>;

  constructor(words: readonly string[], vectors: Float32Array, dim: number) {
    if (vectors.length !== words.length * dim) {
      throw new PiclError('LMKIT_DIM_MISMATCH', `word vectors hold ${vectors.length} numbers, expected ${words.length} words × ${dim}`);
    }
    this.dim = dim;
    this.words = words;
    this.vectors = vectors;
    this.ids = new Map();
    words.forEach((w, i) => {
      if (!this.ids.has(w)) this.ids.set(w, i);
    });
  }

  /** Row of `word`, or -1. */
  id(word: string): number {
    return this.ids.get(word) ?? -1;
  }

  /** Number of words. */
  get size(): number {
    return this.words.length;
  }
}

/** True for tokens that carry content (not punctuation). */
export function isWordToken(t: string): boolean {
  return /[\p{L}\p{N}]/u.test(t);
}

/** Mean of the GloVe vectors of a text's known word tokens (punctuation skipped), L2-normalised. */
export class MeanGloveEncoder implements Encoder {
  readonly name = 'glove';
  readonly dim: number;
  constructor(readonly table: GloveTable) {
    this.dim = table.dim;
  }

  embed(texts: string[]): Float32Array[] {
    const { dim, vectors } = this.table;
    return texts.map((text) => {
      const v = new Float32Array(dim);
      for (const t of wordTokens(text)) {
        if (!isWordToken(t)) continue;
        const id = this.table.id(t);
        if (id < 0) continue;
        const off = id * dim;
        for (let j = 0; j < dim; j++) v[j] = (v[j] as number) + (vectors[off + j] as number);
      }
      return normalize(v);
    });
  }
}

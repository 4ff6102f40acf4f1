import { LmkitError } from '../errors.js';

/** Shape of a {@link Transformer}. */
export interface TransformerConfig {
  /** Number of token ids. */
  vocabSize: number;
  /** Model width. */
  dModel: number;
  /** Attention heads; must divide `dModel`. */
  numHeads: number;
  /** Transformer blocks. */
  numLayers: number;
  /** Hidden width of the MLP; default `4 · dModel`. */
  dFF?: number;
  /** Seed for parameter initialisation. Default 0. */
  seed?: number;
  /** Share the token embedding with the output projection. Default true. */
  tieEmbeddings?: boolean;
}

/** A config with every default filled in. */
export type ResolvedTransformerConfig = Required<TransformerConfig>;

/** Fills defaults and validates; throws `LMKIT_BAD_CONFIG` with the field name on bad values. */
export function resolveConfig(config: TransformerConfig): ResolvedTransformerConfig {
  const positiveInt = (name: string, v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0) {
      throw new LmkitError('LMKIT_BAD_CONFIG', `transformer config: ${name} must be a positive integer, got ${String(v)}`);
    }
    return v;
  };
  const dModel = positiveInt('dModel', config.dModel);
  const numHeads = positiveInt('numHeads', config.numHeads);
  if (dModel % numHeads !== 0) {
    throw new LmkitError('LMKIT_BAD_CONFIG', `transformer config: numHeads (${numHeads}) must divide dModel (${dModel})`);
  }
  return {
    vocabSize: positiveInt('vocabSize', config.vocabSize),
    dModel,
    numHeads,
    numLayers: positiveInt('numLayers', config.numLayers),
    dFF: positiveInt('dFF', config.dFF ?? 4 * dModel),
    seed: config.seed ?? 0,
    tieEmbeddings: config.tieEmbeddings ?? true,
  };
}

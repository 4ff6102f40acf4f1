import { learnedPositions, rope, sinusoidalPositions, type AttentionPattern, type PositionEncoding } from '@lmkit/tensor';
import { bca } from '../attention/bca/bca.js';
import { ensure } from '../errors.js';
import { alibi } from '../position/alibi.js';
import type { PositionKind } from '../position/registry.js';
import { xpos } from '../position/xpos.js';

/** One evaluated configuration: a trained encoding, with or without BCA at inference. */
export interface EvalVariant {
  /** Label in tables, e.g. `xpos+bca`. */
  id: string;
  /** Which trained model. */
  encoding: PositionKind;
  /** Evaluate with blockwise causal attention (window = training length). */
  bca: boolean;
  /** The paper's name for the row. */
  paperName: string;
}

/**
 * The variants the experiment evaluates: every trained encoding with full causal attention, plus
 * XPOS with BCA (the paper's LeX) and RoPE with BCA (the paper's Table 5 ablation).
 */
export function evalVariants(encodings: readonly PositionKind[]): EvalVariant[] {
  const out: EvalVariant[] = [];
  const names: Record<PositionKind, string> = {
    sinusoidal: 'Transformer (absolute)',
    learned: 'Transformer (learned absolute)',
    rope: 'RoPE',
    alibi: 'Alibi',
    xpos: 'xPos without BCA',
  };
  for (const e of encodings) {
    out.push({ id: e, encoding: e, bca: false, paperName: names[e] });
    if (e === 'rope') out.push({ id: 'rope+bca', encoding: 'rope', bca: true, paperName: 'RoPE + BCA' });
    if (e === 'xpos') out.push({ id: 'xpos+bca', encoding: 'xpos', bca: true, paperName: 'LeX (xPos + BCA)' });
  }
  return out;
}

/** Amplitude of the sinusoidal table in the experiment (see `makeEncoding`). */
export const SINUSOIDAL_SCALE = 0.02 * Math.SQRT2;

/** A fresh encoding of `kind` for a model of width `dModel` trained at `trainLength`. */
export function makeEncoding(kind: PositionKind, dModel: number, trainLength: number, seed: number): PositionEncoding {
  switch (kind) {
    case 'rope':
      return rope();
    case 'xpos':
      return xpos();
    case 'alibi':
      return alibi();
    case 'sinusoidal':
      // Amplitude 0.02·√2: the table's RMS equals the token embeddings' init std (0.02), so
      // neither signal drowns the other (lmkit's Transformer does not scale embeddings by √d).
      return sinusoidalPositions({ scale: SINUSOIDAL_SCALE });
    case 'learned':
      // Covers only the training length: evaluating past L throws LMKIT_LENGTH_NOT_COVERED.
      return learnedPositions({ maxLength: trainLength, dModel, seed });
    default:
      ensure(false, `unknown encoding ${String(kind)}`);
      throw new Error('unreachable');
  }
}

/** The attention pattern of a variant: BCA with window L, or undefined for the model's causal default. */
export function variantPattern(v: EvalVariant, trainLength: number): AttentionPattern | undefined {
  return v.bca ? bca(trainLength) : undefined;
}

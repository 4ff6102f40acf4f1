import { learnedPositions, rope, sinusoidalPositions, type PositionEncoding } from '@lmkit/tensor';
import { ensure } from '../errors.js';
import { alibi } from './alibi.js';
import { xpos } from './xpos.js';

/** Names of the encodings the length-extrapolation experiment compares (learned and sinusoidal come from the core). */
export type PositionKind = 'learned' | 'sinusoidal' | 'rope' | 'alibi' | 'xpos';

/** Every {@link PositionKind}. */
export const POSITION_KINDS: readonly PositionKind[] = ['learned', 'sinusoidal', 'rope', 'alibi', 'xpos'];

/**
 * Recreates an encoding from its `describe()` output (e.g. read from a checkpoint). A learned
 * table is re-initialised: load its values from the checkpoint afterwards.
 */
export function positionFromDescription(desc: Record<string, unknown>): PositionEncoding {
  const num = (k: string): number | undefined => (typeof desc[k] === 'number' ? (desc[k] as number) : undefined);
  switch (desc.name) {
    case 'rope':
      return rope({ base: num('base') });
    case 'xpos':
      return xpos({ base: num('base'), gamma: num('gamma'), scaleBase: num('scaleBase') });
    case 'alibi': {
      const first = num('first');
      const ratio = num('ratio');
      return alibi(first !== undefined && ratio !== undefined ? { slopes: { first, ratio } } : {});
    }
    case 'sinusoidal':
      return sinusoidalPositions({ scale: num('scale') });
    case 'learned':
      return learnedPositions({ maxLength: num('maxLength') ?? 0, dModel: num('dModel') ?? 0, seed: num('seed') });
    default:
      ensure(false, `unknown position encoding "${String(desc.name)}": use one of ${POSITION_KINDS.join(', ')}`);
      throw new Error('unreachable');
  }
}

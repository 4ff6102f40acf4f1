import type { ReproduceSectionRunner } from '../report/types.js';
import { LmkitError } from '../errors.js';

/** The `lm` section of `lmkit reproduce`. (Being built: throws until it lands.) */
export const reproduceLm: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'lm section not built yet');
};

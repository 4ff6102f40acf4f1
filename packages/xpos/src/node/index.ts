import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

/** The `xpos` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproduceXpos: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'xpos section not built yet');
};

import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

/** The `icl` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproduceIcl: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'icl section not built yet');
};

import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

/** The `picl` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproducePicl: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'picl section not built yet');
};

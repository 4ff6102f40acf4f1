import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { LmkitError } from '@lmkit/tensor';

/** The `trace` section of `lmkit reproduce`. (Being built: throws until the package lands.) */
export const reproduceTrace: ReproduceSectionRunner = async () => {
  throw new LmkitError('LMKIT_NOT_READY', 'trace section not built yet');
};

/** Atomic file writes come from the shared core (temp file in the same folder, then rename). */
export { writeFileAtomicSync } from '@lmkit/tensor/node';

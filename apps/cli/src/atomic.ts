/** Atomic file writes come from the shared core (temp file in the same folder, then rename). */
export { writeFileAtomic, type AtomicWriteIo } from '@lmkit/tensor/node';

/**
 * Where an experiment keeps its checkpoints, intermediate files and finished results: a folder in
 * Node (`folderStore` in `@lmkit/tensor/node`), anything in a browser. A rerun with the same store
 * resumes.
 */
export interface ExperimentStore {
  /** The bytes saved under `name`, or null when there are none. */
  read(name: string): Promise<Uint8Array | null>;
  /** Saves bytes under `name`, atomically (a reader sees the old or the new bytes, never a mix). */
  write(name: string, data: Uint8Array): Promise<void>;
}

import type { Command } from 'commander';
import type { ProgressReporter } from '@lmkit/tensor';

/** Global options every command sees (set on the root program). */
export interface GlobalOptions {
  json: boolean;
  verbose: boolean;
  seed: number;
  backend?: 'wasm' | 'cpu';
}

/** Services the CLI core gives to each command module. */
export interface CliRuntime {
  /** Resolved global options (call inside an action: they are parsed by then). */
  globals(): GlobalOptions;
  /** Initialises tfjs with the chosen backend (idempotent). */
  initBackend(): Promise<void>;
  /** A progress reporter: bars on a TTY, silent under --json or when stdout is not a TTY. */
  progress(): ProgressReporter;
  /** Prints a result: pretty text normally, one JSON document with --json. */
  output(value: unknown, text: () => string): void;
  /** Atomically writes a file (temp file in the same folder, then rename). */
  writeFileAtomic(path: string, data: string | Uint8Array): Promise<void>;
}

/** A command module registers its sub-commands on the root program. */
export type RegisterCommands = (program: Command, rt: CliRuntime) => void;

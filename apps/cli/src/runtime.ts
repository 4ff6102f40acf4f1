import type { ProgressReporter } from '@lmkit/tensor';
import type { CliRuntime, GlobalOptions } from './commands/types.js';
import { writeFileAtomic } from './atomic.js';
import { createProgress } from './progress.js';

/** What {@link createRuntime} needs from its surroundings (the CLI passes the real process streams). */
export interface RuntimeOptions {
  /** Returns the parsed global options; called lazily, inside actions. */
  globals: () => GlobalOptions;
  /** Result stream (default process.stdout). */
  stdout?: NodeJS.WriteStream;
  /** Diagnostics stream (default process.stderr). */
  stderr?: NodeJS.WriteStream;
}

/** The runtime the `lmkit` commands use: globals, tfjs backend, progress, output, atomic writes. */
export function createRuntime(options: RuntimeOptions): CliRuntime {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  let backendReady: Promise<void> | null = null;

  return {
    globals: options.globals,

    initBackend() {
      backendReady ??= (async () => {
        const { backend } = options.globals();
        const tensor = await import('@lmkit/tensor');
        const tf = await import('@tensorflow/tfjs');
        // PROD silences tfjs's console banners ("Hi there 👋 …") that would break one-line stderr.
        tf.env().set('PROD', true);
        await tensor.initBackend({ backend, onWarning: (m) => stderr.write(`${m.startsWith('lmkit:') ? m : `lmkit: ${m}`}\n`) });
      })();
      return backendReady;
    },

    progress(prefix?: string): ProgressReporter {
      const { json, verbose } = options.globals();
      return createProgress({ bars: Boolean(stdout.isTTY) && !json, verbose, prefix, stream: stderr });
    },

    output(value, text) {
      if (options.globals().json) stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      else stdout.write(`${text()}\n`);
    },

    writeFileAtomic: (path, data) => writeFileAtomic(path, data),
  };
}

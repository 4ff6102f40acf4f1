import { Command, Option } from 'commander';
import type { CliRuntime, GlobalOptions } from './commands/types.js';
import { createRuntime } from './runtime.js';
import { exitCodeFor, formatError, isInfoExit } from './errors.js';
import { integerOption } from './parse.js';
import { cliVersion } from './versions.js';
import { registerInfoCommands } from './commands/info.js';
import { registerReproduceCommands } from './commands/reproduce.js';
import { registerLmCommands } from './commands/lm.js';
import { registerXposCommands } from './commands/xpos.js';
import { registerTraceCommands } from './commands/trace.js';
import { registerPiclCommands } from './commands/picl.js';
import { registerIclCommands } from './commands/icl.js';
import { registerQueueCommands } from './commands/queue.js';
import { registerWorkerCommands } from './commands/worker.js';

/** Command modules in the order they appear in `lmkit --help`. */
const MODULES = [
  registerInfoCommands,
  registerReproduceCommands,
  registerLmCommands,
  registerXposCommands,
  registerTraceCommands,
  registerPiclCommands,
  registerIclCommands,
  registerQueueCommands,
  registerWorkerCommands,
];

/**
 * Builds the `lmkit` command tree with every command, description and option declared on it.
 * Parsing errors throw (commander's `exitOverride`) instead of exiting, so {@link main} decides exit codes.
 * @param rt services for the commands; by default one bound to this program's global options.
 */
export function buildProgram(rt?: CliRuntime): Command {
  const program = new Command('lmkit')
    .description('Reproduce and use four MSRA ACL 2023 papers (XPOS, CodeExecutor, PICL, ICL as meta-optimisation) on a laptop CPU.')
    .version(cliVersion(), '-V, --version', 'print the lmkit version')
    .option('--json', 'print machine-readable JSON on stdout instead of text')
    .option('--verbose', 'show stack traces on errors and start/end lines of long tasks')
    .addOption(new Option('--seed <n>', 'seed for every random choice').argParser(integerOption({ min: 0 })).default(1))
    .addOption(new Option('--backend <name>', 'tfjs backend (default: LMKIT_BACKEND, else wasm)').choices(['wasm', 'cpu']))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });

  const runtime = rt ?? createRuntime({ globals: () => globalOptions(program) });
  for (const register of MODULES) register(program, runtime);
  forEachCommand(program, (cmd) => {
    cmd.exitOverride();
    cmd.configureOutput({ outputError: () => {} });
  });
  return program;
}

/** The root program's parsed global options, with flags normalised to booleans. */
export function globalOptions(program: Command): GlobalOptions {
  const o = program.opts<Partial<GlobalOptions>>();
  return { json: Boolean(o.json), verbose: Boolean(o.verbose), seed: o.seed ?? 1, backend: o.backend };
}

/** Calls `fn` on `cmd` and every command below it. */
export function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, fn);
}

/** Streams {@link main} writes errors to (for tests). */
export interface MainIo {
  /** Where help and version text go (default process.stdout). Command results still use process.stdout. */
  stdout?: { write(text: string): unknown };
  /** Where errors and help-on-error go (default process.stderr). */
  stderr?: { write(text: string): unknown };
}

/**
 * Runs the CLI on `argv` (as in `process.argv`: node, script, then arguments) and returns the exit code:
 * 0 ok, 1 unexpected failure, 2 bad input, or whatever a command set on `process.exitCode` (e.g. 3).
 * Errors print exactly one line `lmkit: <message>` on stderr; `--verbose` adds the stack.
 */
export async function main(argv: readonly string[] = process.argv, io: MainIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const program = buildProgram();
  if (io.stdout || io.stderr) {
    const out = io.stdout ?? process.stdout;
    forEachCommand(program, (cmd) => cmd.configureOutput({ writeOut: (t) => void out.write(t), writeErr: (t) => void stderr.write(t) }));
  }
  // Commands may set process.exitCode (trace uses 3); read it for this run, then leave the global as it was.
  const previousExitCode = process.exitCode;
  process.exitCode = undefined;
  try {
    await program.parseAsync([...argv]);
    const code = process.exitCode as number | string | undefined;
    return typeof code === 'number' ? code : Number(code ?? 0) || 0;
  } catch (e) {
    if (isInfoExit(e)) return exitCodeFor(e);
    const verbose = globalOptions(program).verbose || argv.includes('--verbose');
    stderr.write(`${formatError(e, verbose)}\n`);
    return exitCodeFor(e);
  } finally {
    process.exitCode = previousExitCode;
  }
}

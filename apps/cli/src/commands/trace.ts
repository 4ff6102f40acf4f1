import { type Command, Option } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import type { RegisterCommands } from './types.js';
import { integerOption } from '../parse.js';
import { readText, registerTraceDataCommands } from './trace-data.js';

interface RunFlags {
  format: 'codeexecutor' | 'tutor' | 'json';
  timeoutMs?: number;
  maxSteps?: number;
  maxOutputBytes?: number;
  maxMemoryMb?: number;
  maxRecursion?: number;
  stdinLiterals?: string;
  prefix?: 'singleline' | 'tutorial' | 'codenet';
  mode: 'auto' | 'monitoring' | 'settrace';
}

/** Exit code of `lmkit trace run` when the program broke a limit or was refused. */
export const TRACE_LIMIT_EXIT = 3;

/** Parses `--stdin-literals`: a JSON array whose items become the lines `input()` returns. */
export function parseStdinLiterals(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `--stdin-literals must be a JSON array such as '["3", "1 2 3"]', got ${JSON.stringify(raw.slice(0, 60))}`);
  }
  if (!Array.isArray(v) || !v.every((x) => ['string', 'number', 'boolean'].includes(typeof x))) {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', '--stdin-literals must be a JSON array of strings, numbers or booleans, one per input() call');
  }
  return v.map((x) => String(x));
}

/** Registers `lmkit trace run` (and the dataset/model sub-commands from trace-data.ts). */
export const registerTraceCommands: RegisterCommands = (program, rt) => {
  const trace = program.command('trace').description('CodeExecutor: trace Python programs in a sandbox, build trace datasets, train and evaluate a trace model');

  trace
    .command('run')
    .description(
      'trace one Python program in the Pyodide sandbox and print its execution trace (codeexecutor text, Python Tutor JSON, or the event stream); exit 3 when it breaks a limit, is refused or does not compile (codeexecutor/json print {"error":{kind,message}}, tutor prints its document ending in instruction_limit_reached or uncaught_exception)',
    )
    .argument('<file>', 'Python source file')
    .addOption(
      new Option('--format <name>', 'codeexecutor: the paper\'s text (state after each line); tutor: Python Tutor\'s pg_logger JSON (state before each line); json: the raw event stream and steps')
        .choices(['codeexecutor', 'tutor', 'json'])
        .default('codeexecutor'),
    )
    .addOption(new Option('--timeout-ms <n>', 'wall-time limit in ms (default 5000)').argParser(integerOption({ min: 1, max: 3_600_000 })))
    .addOption(new Option('--max-steps <n>', 'step limit (default 1000): executed lines, or Python Tutor entries with --format tutor').argParser(integerOption({ min: 1, max: 100_000_000 })))
    .addOption(new Option('--max-output-bytes <n>', 'stdout+stderr limit (default 1048576)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--max-memory-mb <n>', 'Python heap limit in MiB (default 512)').argParser(integerOption({ min: 32, max: 4000 })))
    .addOption(new Option('--max-recursion <n>', 'call-depth limit (default 200)').argParser(integerOption({ min: 1, max: 5000 })))
    .option('--stdin-literals <json>', 'JSON array of the lines input() returns, e.g. \'["3", "1 2 3"]\'')
    .addOption(new Option('--prefix <name>', 'dataset prefix token for the codeexecutor format').choices(['singleline', 'tutorial', 'codenet']))
    .addOption(new Option('--mode <hook>', 'tracing hook inside Python').choices(['auto', 'monitoring', 'settrace']).default('auto'))
    .action(async (file: string, flags: RunFlags) => {
      const stdin = parseStdinLiterals(flags.stdinLiterals);
      const source = await readText(file, 'program', 'a Python file');
      const { DEFAULT_LIMITS, TracerPool, traceToCodeExecutorText, toTutor } = await import('@lmkit/trace/node');
      const pool = new TracerPool({ size: 1 });
      try {
        const tutor = flags.format === 'tutor';
        const r = await pool.trace({
          source,
          stdin,
          mode: flags.mode,
          // Python Tutor counts its entries and shows values in full.
          ...(tutor ? { countSteps: 'tutor' as const, fullValues: true } : {}),
          limits: {
            timeoutMs: flags.timeoutMs,
            maxSteps: flags.maxSteps,
            maxOutputBytes: flags.maxOutputBytes,
            maxMemoryBytes: flags.maxMemoryMb === undefined ? undefined : flags.maxMemoryMb * 2 ** 20,
            maxRecursionDepth: flags.maxRecursion,
          },
        });
        if (tutor) {
          process.stdout.write(`${JSON.stringify(toTutor(r, source, flags.maxSteps ?? DEFAULT_LIMITS.maxSteps))}\n`);
          if (!r.ok) process.exitCode = TRACE_LIMIT_EXIT;
          return;
        }
        if (!r.ok) {
          process.stdout.write(`${JSON.stringify({ error: r.error })}\n`);
          process.exitCode = TRACE_LIMIT_EXIT;
          return;
        }
        if (flags.format === 'codeexecutor') {
          process.stdout.write(`${traceToCodeExecutorText(r.trace, flags.prefix ? { prefix: flags.prefix } : {})}\n`);
        } else {
          process.stdout.write(`${JSON.stringify(r.trace)}\n`);
        }
      } finally {
        await pool.close();
      }
    });

  registerTraceDataCommands(trace as Command, rt);
};

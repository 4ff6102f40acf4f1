import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import type { CliRuntime, RegisterCommands } from './types.js';
import { integerOption } from '../parse.js';
import { registerTraceModelCommands } from './trace-model.js';

interface EvalFlags {
  pred: string;
  gold: string;
  /** commander's negation of --no-reference-quirks. */
  referenceQuirks: boolean;
}

interface BuildFlags {
  set: 'singleline' | 'tutorial' | 'mutants' | 'singleline2' | 'teaching' | 'codenetmut';
  n?: number;
  shard?: string;
  out: string;
  keepErrors?: boolean;
  timeoutMs?: number;
  maxSteps?: number;
  workers?: number;
}

const pct = (x: number | null): string => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);

/** Reads a text file named on the command line; a missing or unreadable file is a coded (exit 2) error. */
export async function readText(file: string, what: string, expected = 'a JSONL file'): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new LmkitError('LMKIT_MISSING_FILE', `${what} file not found: ${file}`);
    if (code === 'EISDIR') throw new LmkitError('LMKIT_BAD_ARGUMENT', `${what} ${file} is a folder; give ${expected}`);
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

function registerEval(trace: Command, rt: CliRuntime): void {
  trace
    .command('eval')
    .description(
      "score predicted traces against gold traces: output and trace accuracy, line and identifier precision/recall/F1, exactly as CodeExecutor's reference (CodeBERT metric.py)",
    )
    .requiredOption('--pred <file>', 'predictions, JSONL: {"id"?, "trace"} per line')
    .requiredOption('--gold <file>', 'gold traces, JSONL: {"id"?, "trace"} per line (e.g. a file of `lmkit trace build`)')
    .option(
      '--no-reference-quirks',
      "lmkit's own reading instead of metric.py's: a final <output> step is kept, text outside a step and malformed steps never match, empty cases are defined",
    )
    .action(async (flags: EvalFlags) => {
      const { parseTraceJsonl, pairTraces, scoreTraces } = await import('@lmkit/trace');
      const preds = parseTraceJsonl(await readText(flags.pred, '--pred'), flags.pred);
      const golds = parseTraceJsonl(await readText(flags.gold, '--gold'), flags.gold);
      const paired = pairTraces(preds, golds);
      const m = scoreTraces(paired.preds, paired.golds, { referenceQuirks: flags.referenceQuirks });
      const definition = m.definition === 'reference' ? 'CodeBERT CodeExecutor/inference/metric.py (reference, quirks included)' : "lmkit's reading (--no-reference-quirks)";
      const result = {
        definition: m.definition,
        // The eight numbers as metric.py prints them (percent, round(·, 2)); null where it divides by zero.
        ...(m.reference ? { reference: m.reference } : {}),
        programs: m.programs,
        outputAccuracy: m.outputAccuracy,
        outputPrograms: m.outputPrograms,
        traceAccuracy: m.traceAccuracy,
        lines: m.lines,
        identifiers: m.identifiers,
        diagnostics: {
          malformed: { count: m.malformed.length, first: m.malformed.slice(0, 20) },
          missingPredictions: paired.missing,
          droppedIncomplete: m.droppedIncomplete,
        },
      };
      // With the reference definition, print metric.py's own rounded numbers.
      const r = m.reference;
      const show = (x: number | null, ref: number | null | undefined): string => (r ? (ref === null || ref === undefined ? 'n/a' : `${ref.toFixed(2)}%`) : pct(x));
      rt.output(result, () =>
        [
          `definition          ${definition}`,
          `programs            ${m.programs}`,
          `output accuracy     ${show(m.outputAccuracy, r?.outputAccuracy)} (of ${m.outputPrograms} programs that print)`,
          `trace accuracy      ${show(m.traceAccuracy, r?.traceAccuracy)}`,
          `line P / R / F1     ${show(m.lines.precision, r?.lineP)} / ${show(m.lines.recall, r?.lineR)} / ${show(m.lines.f1, r?.lineF1)}  (${m.lines.correct} of ${m.lines.predicted} predicted, ${m.lines.gold} gold)`,
          `ident. P / R / F1   ${show(m.identifiers.precision, r?.identifierP)} / ${show(m.identifiers.recall, r?.identifierR)} / ${show(m.identifiers.f1, r?.identifierF1)}  (${m.identifiers.correct} of ${m.identifiers.predicted} predicted, ${m.identifiers.gold} gold)`,
          `malformed steps     ${m.malformed.length}${m.malformed.length > 0 ? ` (first: program ${m.malformed[0]!.program} step ${m.malformed[0]!.step}: ${m.malformed[0]!.reason})` : ''}`,
          ...(paired.missing.length > 0 ? [`missing predictions ${paired.missing.length} (scored as empty traces)`] : []),
        ].join('\n'),
      );
    });
}

function registerBuild(trace: Command, rt: CliRuntime): void {
  trace
    .command('build')
    .description('build a traced dataset as JSONL (one program per line); --shard k/n builds one contiguous part; a killed build resumes where it stopped')
    .addOption(
      new Option('--set <name>', 'which dataset (singleline2: SingleLine at scale; teaching: generated Tutorial-style programs; codenetmut: mutants of held-out teaching programs)')
        .choices(['singleline', 'tutorial', 'mutants', 'singleline2', 'teaching', 'codenetmut'])
        .makeOptionMandatory(),
    )
    .addOption(new Option('--n <n>', 'programs in the whole set (default 1000; tutorial: all of its pool)').argParser(integerOption({ min: 0, max: 100_000_000 })))
    .option('--shard <k/n>', 'build only part k of n (1-based); concatenating parts 1..n gives the whole set')
    .requiredOption('--out <file>', 'JSONL file to write (appended; an existing partial file of the same build is resumed)')
    .option('--keep-errors', 'keep programs that raise or break a limit (with an "error" field) instead of dropping them')
    .addOption(new Option('--timeout-ms <n>', 'wall-time limit per program (default 5000)').argParser(integerOption({ min: 1, max: 3_600_000 })))
    .addOption(new Option('--max-steps <n>', 'executed-line limit per program (default 1000)').argParser(integerOption({ min: 1, max: 100_000_000 })))
    .addOption(new Option('--workers <n>', 'sandbox workers (default: CPU count)').argParser(integerOption({ min: 1, max: 64 })))
    .action(async (flags: BuildFlags) => {
      const { parseShard } = await import('@lmkit/tensor');
      const { TracerPool, buildDatasetFile, datasetContext, poolTracer } = await import('@lmkit/trace/node');
      const shard = flags.shard !== undefined ? parseShard(flags.shard) : undefined;
      const ctx = await datasetContext(flags.set);
      const limits = { ...(flags.timeoutMs ? { timeoutMs: flags.timeoutMs } : {}), ...(flags.maxSteps ? { maxSteps: flags.maxSteps } : {}) };
      const pool = new TracerPool({ ...(flags.workers ? { size: flags.workers } : {}), limits });
      try {
        const s = await buildDatasetFile(
          {
            set: flags.set,
            seed: rt.globals().seed,
            out: flags.out,
            ...(flags.n !== undefined ? { n: flags.n } : {}),
            ...(shard ? { shard } : {}),
            keepErrors: Boolean(flags.keepErrors),
            concurrency: pool.size * 4,
            progress: rt.progress(),
          },
          ctx,
          poolTracer(pool),
        );
        rt.output(s, () =>
          [
            `${s.out}: ${s.total} records (indices ${s.from}..${s.to - 1}${s.resumedAt > s.from ? `, resumed at ${s.resumedAt}` : ''})`,
            `written now ${s.written}; dropped ${Object.entries(s.dropped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`,
          ].join('\n'),
        );
      } finally {
        await pool.close();
      }
    });
}

/** Registers `lmkit trace build|eval|train|predict` on the `trace` command (owned by the datasets/model side). */
export const registerTraceDataCommands: RegisterCommands = (program, rt) => {
  const trace = program.name() === 'trace' ? program : (program.commands.find((c) => c.name() === 'trace') ?? program.command('trace').description('CodeExecutor trace tools'));
  registerBuild(trace, rt);
  registerEval(trace, rt);
  registerTraceModelCommands(trace as Command, rt);
};

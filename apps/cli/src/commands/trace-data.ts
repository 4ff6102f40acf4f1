import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import type { CliRuntime, RegisterCommands } from './types.js';
import { integerOption, numberOption } from '../parse.js';

interface EvalFlags {
  pred: string;
  gold: string;
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

interface TrainFlags {
  singleline?: string;
  tutorial?: string;
  out: string;
  steps: number;
  resume?: boolean;
  maxLen?: number;
  dModel?: number;
  layers?: number;
  heads?: number;
  batchSize?: number;
  lr?: number;
  checkpointEvery?: number;
}

interface PredictFlags {
  model: string;
  data: string;
  out: string;
  limit?: number;
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

/** Reads dataset records (JSONL with `set`, `source`, `trace`) from comma-separated files. */
async function readRecords(files: string | undefined, what: string): Promise<Array<{ id?: string; set: string; source: string; trace: string }>> {
  if (!files) return [];
  const out: Array<{ id?: string; set: string; source: string; trace: string }> = [];
  for (const file of files.split(',').map((f) => f.trim()).filter(Boolean)) {
    const text = await readText(file, what);
    text.split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      let r: unknown;
      try {
        r = JSON.parse(line);
      } catch {
        throw new LmkitError('LMKIT_BAD_DATA', `${file}:${i + 1}: not valid JSON; give a file written by \`lmkit trace build\``);
      }
      const o = r as Record<string, unknown>;
      if (typeof o.source !== 'string' || typeof o.trace !== 'string' || typeof o.set !== 'string') {
        throw new LmkitError('LMKIT_BAD_DATA', `${file}:${i + 1}: needs string fields "set", "source" and "trace" (a record of \`lmkit trace build\`)`);
      }
      out.push({ ...(typeof o.id === 'string' ? { id: o.id } : {}), set: o.set, source: o.source, trace: o.trace });
    });
  }
  return out;
}

function registerEval(trace: Command, rt: CliRuntime): void {
  trace
    .command('eval')
    .description('score predicted traces against gold traces: output and trace accuracy, line and identifier precision/recall/F1 (CodeExecutor definitions)')
    .requiredOption('--pred <file>', 'predictions, JSONL: {"id"?, "trace"} per line')
    .requiredOption('--gold <file>', 'gold traces, JSONL: {"id"?, "trace"} per line (e.g. a file of `lmkit trace build`)')
    .action(async (flags: EvalFlags) => {
      const { parseTraceJsonl, pairTraces, scoreTraces } = await import('@lmkit/trace');
      const preds = parseTraceJsonl(await readText(flags.pred, '--pred'), flags.pred);
      const golds = parseTraceJsonl(await readText(flags.gold, '--gold'), flags.gold);
      const paired = pairTraces(preds, golds);
      const m = scoreTraces(paired.preds, paired.golds);
      const result = {
        programs: m.programs,
        outputAccuracy: m.outputAccuracy,
        outputPrograms: m.outputPrograms,
        traceAccuracy: m.traceAccuracy,
        lines: m.lines,
        identifiers: m.identifiers,
        malformed: { count: m.malformed.length, first: m.malformed.slice(0, 20) },
        missingPredictions: paired.missing,
        droppedIncomplete: m.droppedIncomplete,
      };
      rt.output(result, () =>
        [
          `programs            ${m.programs}`,
          `output accuracy     ${pct(m.outputAccuracy)} (of ${m.outputPrograms} programs that print)`,
          `trace accuracy      ${pct(m.traceAccuracy)}`,
          `line P / R / F1     ${pct(m.lines.precision)} / ${pct(m.lines.recall)} / ${pct(m.lines.f1)}  (${m.lines.correct} of ${m.lines.predicted} predicted, ${m.lines.gold} gold)`,
          `ident. P / R / F1   ${pct(m.identifiers.precision)} / ${pct(m.identifiers.recall)} / ${pct(m.identifiers.f1)}  (${m.identifiers.correct} of ${m.identifiers.predicted} predicted, ${m.identifiers.gold} gold)`,
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

function registerTrain(trace: Command, rt: CliRuntime): void {
  trace
    .command('train')
    .description('train the small trace model with the curriculum: SingleLine first, then Tutorial-style programs; writes a resumable model file')
    .option('--singleline <files>', 'SingleLine JSONL file(s) from `lmkit trace build`, comma-separated')
    .option('--tutorial <files>', 'Tutorial-style JSONL file(s) (tutorial, mutants), comma-separated')
    .option('--out <file>', 'model file to write', 'trace-model.lmkit')
    .addOption(new Option('--steps <n>', 'optimisation steps in total').argParser(integerOption({ min: 1, max: 10_000_000 })).default(600))
    .option('--resume', 'continue from --out when it exists')
    .addOption(new Option('--max-len <n>', 'context length in tokens (default 256)').argParser(integerOption({ min: 16, max: 4096 })))
    .addOption(new Option('--d-model <n>', 'model width (default 96)').argParser(integerOption({ min: 8, max: 2048 })))
    .addOption(new Option('--layers <n>', 'transformer blocks (default 3)').argParser(integerOption({ min: 1, max: 48 })))
    .addOption(new Option('--heads <n>', 'attention heads, must divide --d-model (default 4)').argParser(integerOption({ min: 1, max: 64 })))
    .addOption(new Option('--batch-size <n>', 'programs per step (default 16)').argParser(integerOption({ min: 1, max: 1024 })))
    .addOption(new Option('--lr <x>', 'peak learning rate (default 3e-3)').argParser(numberOption({ min: 1e-8, max: 1 })))
    .addOption(new Option('--checkpoint-every <n>', 'save the model file every n steps (default 50)').argParser(integerOption({ min: 1 })))
    .action(async (flags: TrainFlags) => {
      if (!flags.singleline && !flags.tutorial && !flags.resume) throw new LmkitError('LMKIT_BAD_ARGUMENT', 'give --singleline and/or --tutorial data files (from `lmkit trace build`)');
      await rt.initBackend();
      const { trainTraceModelFile } = await import('@lmkit/trace/node');
      const singleline = await readRecords(flags.singleline, '--singleline');
      const tutorial = await readRecords(flags.tutorial, '--tutorial');
      const r = await trainTraceModelFile({
        singleline,
        tutorial,
        out: flags.out,
        steps: flags.steps,
        seed: rt.globals().seed,
        resume: Boolean(flags.resume),
        model: {
          ...(flags.maxLen ? { maxLen: flags.maxLen } : {}),
          ...(flags.dModel ? { dModel: flags.dModel } : {}),
          ...(flags.layers ? { numLayers: flags.layers } : {}),
          ...(flags.heads ? { numHeads: flags.heads } : {}),
        },
        ...(flags.batchSize ? { batchSize: flags.batchSize } : {}),
        ...(flags.lr ? { lr: flags.lr } : {}),
        ...(flags.checkpointEvery ? { checkpointEvery: flags.checkpointEvery } : {}),
        progress: rt.progress(),
      });
      const last = r.losses.slice(-10);
      const result = {
        model: flags.out,
        parameters: r.model.transformer.parameterCount(),
        vocabSize: r.model.tokenizer.vocabSize,
        config: r.model.config,
        steps: r.steps,
        resumedFrom: r.resumedFrom,
        stages: r.stages,
        finalLoss: last.length ? last.reduce((a, b) => a + b, 0) / last.length : null,
      };
      r.model.dispose();
      rt.output(result, () =>
        [
          `${flags.out}: ${result.parameters} parameters, vocabulary ${result.vocabSize}`,
          `stages: ${r.stages.map((s) => `${s.name} ${s.steps} steps on ${s.examples} programs`).join(' → ')}`,
          `final loss (mean of last 10 steps): ${result.finalLoss?.toFixed(4) ?? 'n/a'}`,
        ].join('\n'),
      );
    });
}

function registerPredict(trace: Command, rt: CliRuntime): void {
  trace
    .command('predict')
    .description('predict traces of the programs in a dataset file with a trained trace model (greedy decoding); score them with `lmkit trace eval`')
    .requiredOption('--model <file>', 'model file from `lmkit trace train`')
    .requiredOption('--data <file>', 'JSONL of programs ({"id", "set", "source", …}, e.g. from `lmkit trace build`)')
    .requiredOption('--out <file>', 'JSONL of predictions to write: {"id", "trace", "stop"} per line')
    .addOption(new Option('--limit <n>', 'predict only the first n programs').argParser(integerOption({ min: 1 })))
    .action(async (flags: PredictFlags) => {
      await rt.initBackend();
      const { loadTraceModel, prefixFor } = await import('@lmkit/trace/node');
      const records = (await readRecords(flags.data, '--data')).slice(0, flags.limit);
      const { model } = await loadTraceModel(flags.model);
      const progress = rt.progress();
      const lines: string[] = [];
      const stops: Record<string, number> = {};
      try {
        progress.start('trace predict', records.length);
        records.forEach((r, i) => {
          const p = model.predict(r.source, prefixFor(r.set));
          stops[p.stop] = (stops[p.stop] ?? 0) + 1;
          lines.push(JSON.stringify({ id: r.id ?? String(i), trace: p.trace, stop: p.stop }));
          progress.tick(1);
        });
        progress.done();
      } finally {
        model.dispose();
      }
      await rt.writeFileAtomic(flags.out, lines.map((l) => `${l}\n`).join(''));
      rt.output({ out: flags.out, programs: records.length, stops }, () => `${flags.out}: ${records.length} predictions (${Object.entries(stops).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    });
}

/** Registers `lmkit trace build|eval|train|predict` on the `trace` command (owned by the datasets/model side). */
export const registerTraceDataCommands: RegisterCommands = (program, rt) => {
  const trace = program.name() === 'trace' ? program : (program.commands.find((c) => c.name() === 'trace') ?? program.command('trace').description('CodeExecutor trace tools'));
  registerBuild(trace, rt);
  registerEval(trace, rt);
  registerTrain(trace, rt);
  registerPredict(trace, rt);
};

import { Option, type Command } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import type { CliRuntime } from './types.js';
import { integerOption, numberOption } from '../parse.js';
import { readText } from './trace-data.js';

interface TrainFlags {
  singleline?: string;
  tutorial?: string;
  mutants?: string;
  out: string;
  steps: number;
  resume?: boolean;
  maxLen?: number;
  dModel?: number;
  layers?: number;
  heads?: number;
  tokenBudget?: number;
  lr?: number;
  checkpointEvery?: number;
  curriculum: 'mixed' | 'naive';
  position: 'learned' | 'sinusoidal' | 'rope';
}

interface PredictFlags {
  model: string;
  data: string;
  out: string;
  limit?: number;
  split?: 'train' | 'test' | 'test-template';
  beam: number;
}

/** Reads dataset records (the JSONL of `lmkit trace build`) from comma-separated files; a bad line is `FILE:LINE: …`, exit 2. */
async function readDatasets(files: string | undefined, what: string) {
  if (!files) return [];
  const { parseDatasetJsonl } = await import('@lmkit/trace');
  const out = [];
  for (const file of files.split(',').map((f) => f.trim()).filter(Boolean)) out.push(...parseDatasetJsonl(await readText(file, what), file));
  return out;
}

function registerTrain(trace: Command, rt: CliRuntime): void {
  trace
    .command('train')
    .description(
      'train the trace model (digit- and character-level values) with the curriculum SingleLine → Tutorial → mutants; ' +
        'programs of held-out splits are never trained on; writes a resumable model file (killed? run again with --resume)',
    )
    .option('--singleline <files>', 'SingleLine JSONL file(s) from `lmkit trace build`, comma-separated')
    .option('--tutorial <files>', 'Tutorial-style JSONL file(s) (teaching, tutorial), comma-separated')
    .option('--mutants <files>', 'mutant JSONL file(s) (codenetmut, mutants), comma-separated')
    .option('--out <file>', 'model file to write', 'trace-model.lmkit')
    .addOption(new Option('--steps <n>', 'optimisation steps in total').argParser(integerOption({ min: 1, max: 10_000_000 })).default(600))
    .option('--resume', 'continue from --out when it exists (same data and settings: the result equals an uninterrupted run)')
    .addOption(new Option('--max-len <n>', 'context length in tokens (default 512)').argParser(integerOption({ min: 16, max: 4096 })))
    .addOption(new Option('--d-model <n>', 'model width (default 128)').argParser(integerOption({ min: 8, max: 2048 })))
    .addOption(new Option('--layers <n>', 'transformer blocks (default 6)').argParser(integerOption({ min: 1, max: 48 })))
    .addOption(new Option('--heads <n>', 'attention heads, must divide --d-model (default 4)').argParser(integerOption({ min: 1, max: 64 })))
    .addOption(new Option('--position <kind>', 'position encoding: a learned table, fixed sinusoids, or RoPE').choices(['learned', 'sinusoidal', 'rope']).default('learned'))
    .addOption(new Option('--token-budget <n>', 'positions per batch, padding included (default 4096)').argParser(integerOption({ min: 16, max: 1_000_000 })))
    .addOption(new Option('--lr <x>', 'peak learning rate (default 2e-3)').argParser(numberOption({ min: 1e-8, max: 1 })))
    .addOption(new Option('--checkpoint-every <n>', 'save the model file every n steps (default 100)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--curriculum <kind>', 'mixed: earlier sets stay in later phases; naive: one set after the other').choices(['mixed', 'naive']).default('mixed'))
    .action(async (flags: TrainFlags) => {
      if (!flags.singleline && !flags.tutorial && !flags.mutants) throw new LmkitError('LMKIT_BAD_ARGUMENT', 'give --singleline, --tutorial and/or --mutants data files (from `lmkit trace build`)');
      await rt.initBackend();
      const { trainTraceModel, MIXED_CURRICULUM, NAIVE_CURRICULUM } = await import('@lmkit/trace/node');
      const sources = { singleline: await readDatasets(flags.singleline, '--singleline'), tutorial: await readDatasets(flags.tutorial, '--tutorial'), mutants: await readDatasets(flags.mutants, '--mutants') };
      const heldOut = Object.values(sources).reduce((a, recs) => a + recs.filter((r) => r.split !== undefined && r.split !== 'train').length, 0);
      const train = Object.fromEntries(
        Object.entries(sources).map(([k, recs]) => [k, recs.filter((r) => r.split === undefined || r.split === 'train').map((r) => ({ source: r.source, trace: r.trace }))]),
      );
      const r = await trainTraceModel({
        train,
        out: flags.out,
        steps: flags.steps,
        seed: rt.globals().seed,
        resume: Boolean(flags.resume),
        model: {
          ...(flags.maxLen ? { maxLen: flags.maxLen } : {}),
          ...(flags.dModel ? { dModel: flags.dModel } : {}),
          ...(flags.layers ? { numLayers: flags.layers } : {}),
          ...(flags.heads ? { numHeads: flags.heads } : {}),
          position: flags.position,
        },
        ...(flags.tokenBudget ? { tokenBudget: flags.tokenBudget } : {}),
        ...(flags.lr ? { lr: flags.lr } : {}),
        ...(flags.checkpointEvery ? { checkpointEvery: flags.checkpointEvery } : {}),
        phases: flags.curriculum === 'naive' ? NAIVE_CURRICULUM : MIXED_CURRICULUM,
        progress: rt.progress(),
      });
      const last = r.state.losses.slice(-10);
      const result = {
        model: flags.out,
        parameters: r.model.transformer.parameterCount(),
        vocabSize: r.model.tokenizer.vocabSize,
        config: r.model.config,
        steps: r.state.stepsDone,
        resumedFrom: r.resumedFrom,
        examples: r.examples,
        heldOutSkipped: heldOut,
        traceTokens: r.state.traceTokens,
        finalLoss: last.length ? last.reduce((a, b) => a + b, 0) / last.length : null,
        losses: r.state.losses,
      };
      r.model.dispose();
      rt.output(result, () =>
        [
          `${flags.out}: ${result.parameters.toLocaleString('en-US')} parameters, vocabulary ${result.vocabSize}${r.resumedFrom > 0 ? `, resumed at step ${r.resumedFrom}` : ''}`,
          `trained on ${Object.entries(r.examples).map(([k, v]) => `${v} ${k}`).join(', ')} programs (${heldOut} held-out programs left out); ${(result.traceTokens / 1e6).toFixed(3)}M trace tokens`,
          `final loss (mean of last 10 steps): ${result.finalLoss?.toFixed(4) ?? 'n/a'}`,
        ].join('\n'),
      );
    });
}

function registerPredict(trace: Command, rt: CliRuntime): void {
  trace
    .command('predict')
    .description('predict traces of the programs in a dataset file with a trained trace model (greedy and batched, or beam search); score them with `lmkit trace eval`')
    .requiredOption('--model <file>', 'model file from `lmkit trace train`')
    .requiredOption('--data <file>', 'JSONL of programs (from `lmkit trace build`)')
    .requiredOption('--out <file>', 'JSONL of predictions to write: {"id", "trace", "stop"} per line')
    .addOption(new Option('--split <name>', 'predict only programs of this split (generated sets record one)').choices(['train', 'test', 'test-template']))
    .addOption(new Option('--limit <n>', 'predict only the first n programs').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--beam <width>', 'beam width (1: greedy, many programs at once)').argParser(integerOption({ min: 1, max: 64 })).default(1))
    .action(async (flags: PredictFlags) => {
      await rt.initBackend();
      const { loadTraceModel, SOURCE_PREFIX } = await import('@lmkit/trace/node');
      const records = (await readDatasets(flags.data, '--data')).filter((r) => flags.split === undefined || r.split === flags.split).slice(0, flags.limit);
      const { model, trainer } = await loadTraceModel(flags.model);
      trainer?.dispose();
      const progress = rt.progress();
      const stops: Record<string, number> = {};
      let lines: string[];
      try {
        progress.start('trace predict', records.length);
        const prefix = (set: string) => (set === 'singleline' || set === 'singleline2' ? SOURCE_PREFIX.singleline! : set === 'tutorial' || set === 'teaching' ? SOURCE_PREFIX.tutorial! : SOURCE_PREFIX.mutants!);
        const preds = model.predictMany(
          records.map((r) => ({ source: r.source, prefix: prefix(r.set) })),
          { onDone: () => progress.tick(1), beamWidth: flags.beam },
        );
        progress.done();
        lines = preds.map((p, i) => {
          stops[p.stop] = (stops[p.stop] ?? 0) + 1;
          return JSON.stringify({ id: records[i]!.id ?? String(i), trace: p.trace, stop: p.stop });
        });
      } finally {
        model.dispose();
      }
      await rt.writeFileAtomic(flags.out, lines.map((l) => `${l}\n`).join(''));
      rt.output({ out: flags.out, programs: records.length, stops }, () => `${flags.out}: ${records.length} predictions (${Object.entries(stops).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    });
}

/** Registers `lmkit trace train|predict` (the trace model) on the `trace` command. */
export function registerTraceModelCommands(trace: Command, rt: CliRuntime): void {
  registerTrain(trace, rt);
  registerPredict(trace, rt);
}

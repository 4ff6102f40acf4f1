import { Option } from 'commander';
import type { RegisterCommands } from './types.js';
import { integerOption, numberOption } from '../parse.js';

interface TrainFlags {
  corpus: string;
  steps: number;
  out: string;
  tokenizer: 'char' | 'bpe';
  resume?: boolean;
  force?: boolean;
  maxChars?: number;
  dModel?: number;
  layers?: number;
  heads?: number;
  seqLen?: number;
  batchSize?: number;
  lr?: number;
  checkpointEvery?: number;
  bpeVocab?: number;
  evalTokens?: number;
}

interface EvalFlags {
  checkpoint: string;
  corpus?: string;
  maxChars?: number;
  seqLen?: number;
  evalTokens?: number;
}

/** Registers `lmkit lm train` and `lmkit lm eval`. */
export const registerLmCommands: RegisterCommands = (program, rt) => {
  const lm = program.command('lm').description('train and evaluate the small language model of the core (@lmkit/tensor) on a bundled corpus');

  lm.command('train')
    .description('train the small LM on a named corpus, writing a checkpoint atomically every few steps; prints the validation perplexity')
    .option('--corpus <name>', 'corpus to train on (moby-dick, sotu)', 'moby-dick')
    .addOption(new Option('--steps <n>', 'optimisation steps').argParser(integerOption({ min: 1, max: 10_000_000 })).default(300))
    .option('--out <file>', 'checkpoint file to write', 'lm.lmkit')
    .addOption(new Option('--tokenizer <kind>', 'tokenizer: characters or byte-level BPE trained on the corpus').choices(['char', 'bpe']).default('char'))
    .option('--resume', 'continue from --out when it exists (same settings required)')
    .option('--force', 'overwrite an existing --out instead of refusing')
    .addOption(new Option('--max-chars <n>', 'use only the first n characters of the corpus (default 400000)').argParser(integerOption({ min: 2 })))
    .addOption(new Option('--d-model <n>', 'model width (default 64)').argParser(integerOption({ min: 1, max: 4096 })))
    .addOption(new Option('--layers <n>', 'transformer blocks (default 2)').argParser(integerOption({ min: 1, max: 64 })))
    .addOption(new Option('--heads <n>', 'attention heads, must divide --d-model (default 4)').argParser(integerOption({ min: 1, max: 256 })))
    .addOption(new Option('--seq-len <n>', 'context length (default 64)').argParser(integerOption({ min: 1, max: 8192 })))
    .addOption(new Option('--batch-size <n>', 'sequences per step (default 16)').argParser(integerOption({ min: 1, max: 4096 })))
    .addOption(new Option('--lr <x>', 'peak learning rate (default 3e-3)').argParser(numberOption({ min: 1e-8, max: 1 })))
    .addOption(new Option('--checkpoint-every <n>', 'write the checkpoint every n steps (default 50)').argParser(integerOption({ min: 1 })))
    .addOption(new Option('--bpe-vocab <n>', 'BPE vocabulary size (default 512)').argParser(integerOption({ min: 256, max: 65_536 })))
    .addOption(new Option('--eval-tokens <n>', 'validation tokens to evaluate (default 20000)').argParser(integerOption({ min: 2 })))
    .action(async (flags: TrainFlags) => {
      const { existsSync } = await import('node:fs');
      if (existsSync(flags.out) && !flags.resume && !flags.force) {
        const { LmkitError } = await import('@lmkit/tensor');
        throw new LmkitError('LMKIT_BAD_ARGUMENT', `${flags.out} already exists: pass --resume to continue it or --force to overwrite it`);
      }
      await rt.initBackend();
      const { trainLm } = await import('@lmkit/tensor/node');
      const r = await trainLm({
        corpus: flags.corpus,
        steps: flags.steps,
        out: flags.out,
        resume: Boolean(flags.resume),
        tokenizer: flags.tokenizer,
        maxChars: flags.maxChars,
        dModel: flags.dModel,
        numLayers: flags.layers,
        numHeads: flags.heads,
        seqLen: flags.seqLen,
        batchSize: flags.batchSize,
        lr: flags.lr,
        checkpointEvery: flags.checkpointEvery,
        bpeVocabSize: flags.bpeVocab,
        evalTokens: flags.evalTokens,
        seed: rt.globals().seed,
        progress: rt.progress(),
      });
      r.model.dispose();
      const last = r.losses.slice(-10);
      const result = {
        checkpoint: flags.out,
        corpus: r.settings.corpus,
        tokenizer: r.settings.tokenizer,
        vocabSize: r.tokenizer.vocabSize,
        parameters: r.parameters,
        steps: r.settings.steps,
        resumedFrom: r.resumedFrom,
        finalTrainLoss: last.reduce((a, p) => a + p.loss, 0) / Math.max(1, last.length),
        validPerplexity: r.valid.ppl,
        validNll: r.valid.meanNll,
        validTokens: r.valid.tokens,
        tokensPerSec: r.tokensPerSec,
        backend: r.backend,
      };
      rt.output(result, () =>
        [
          `trained ${result.steps} steps on ${result.corpus} (${result.tokenizer}, ${result.vocabSize} ids, ${result.parameters.toLocaleString('en-US')} parameters, ${result.backend})` +
            (result.resumedFrom > 0 ? `, resumed from step ${result.resumedFrom}` : ''),
          `train loss (last 10 steps) ${result.finalTrainLoss.toFixed(3)}` + (result.tokensPerSec ? `, ${result.tokensPerSec.toFixed(0)} tokens/s` : ''),
          `valid perplexity ${result.validPerplexity.toFixed(2)} on ${result.validTokens.toLocaleString('en-US')} tokens`,
          `checkpoint: ${result.checkpoint}`,
        ].join('\n'),
      );
    });

  lm.command('eval')
    .description('print the perplexity of a checkpoint on the validation split of a corpus')
    .requiredOption('--checkpoint <file>', 'checkpoint written by `lmkit lm train`')
    .option('--corpus <name>', 'corpus to evaluate on (default: the one it was trained on)')
    .addOption(new Option('--max-chars <n>', 'corpus prefix to split (default: as in training)').argParser(integerOption({ min: 2 })))
    .addOption(new Option('--seq-len <n>', 'evaluation window (default: the training context)').argParser(integerOption({ min: 1, max: 8192 })))
    .addOption(new Option('--eval-tokens <n>', 'validation tokens to evaluate (default: as in training)').argParser(integerOption({ min: 2 })))
    .action(async (flags: EvalFlags) => {
      const { loadCheckpoint, loadCorpus } = await import('@lmkit/tensor/node');
      const decoded = await loadCheckpoint(flags.checkpoint);
      await rt.initBackend();
      const tensor = await import('@lmkit/tensor');
      const tokenizer = tensor.restoreTokenizer(decoded);
      if (!tokenizer) throw new tensor.LmkitError('LMKIT_BAD_CHECKPOINT', `${flags.checkpoint} has no tokenizer: it was not written by \`lmkit lm train\``);
      const saved = (decoded.header.extra.settings ?? {}) as { corpus?: string; maxChars?: number; seqLen?: number; evalTokens?: number };
      const corpusName = flags.corpus ?? saved.corpus ?? 'moby-dick';
      const corpus = loadCorpus(corpusName, { maxChars: flags.maxChars ?? saved.maxChars });
      const seqLen = flags.seqLen ?? saved.seqLen ?? 64;
      const model = tensor.restoreModel(decoded);
      try {
        const tokens = tokenizer.encode(corpus.valid).slice(0, flags.evalTokens ?? saved.evalTokens ?? 20_000);
        const r = tensor.perplexity(model, tokens, { seqLen, batchSize: 16 });
        const result = { checkpoint: flags.checkpoint, corpus: corpusName, seqLen, perplexity: r.ppl, meanNll: r.meanNll, tokens: r.tokens };
        rt.output(result, () => `perplexity ${r.ppl.toFixed(2)} (${r.meanNll.toFixed(4)} nats/token) on ${r.tokens.toLocaleString('en-US')} ${corpusName} validation tokens, windows of ${seqLen}`);
      } finally {
        model.dispose();
      }
    });
};

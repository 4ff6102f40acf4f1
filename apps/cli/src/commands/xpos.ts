import path from 'node:path';
import { Option } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import { checkOutDir } from '../out-dir.js';
import { listOption } from '../parse.js';
import type { RegisterCommands } from './types.js';
import { renderSectionBody } from '../report/section-markdown.js';

/** Parses `1.5,0.2,-3` into numbers; throws LMKIT_BAD_ARGUMENT naming the bad item. */
function parseScores(raw: string): number[] {
  const items = raw.split(',').map((s) => s.trim());
  return items.map((s, i) => {
    const v = Number(s);
    if (s === '' || !Number.isFinite(v)) throw new LmkitError('LMKIT_BAD_ARGUMENT', `score ${i + 1} ("${s}") is not a number: give comma-separated numbers, most recent key first`);
    return v;
  });
}

/**
 * The encodings `xpos extrapolate` trains (the experiment's `encodings`, kept here so the CLI
 * starts without loading tfjs; a test checks they agree).
 */
export const EXTRAPOLATION_ENCODINGS = ['sinusoidal', 'rope', 'alibi', 'xpos'] as const;

/** Registers `lmkit xpos …` commands. */
export const registerXposCommands: RegisterCommands = (program, rt) => {
  const xpos = program.command('xpos').description('length extrapolation (arXiv 2212.10554): XPOS, RoPE, ALiBi, BCA, attention resolution');

  xpos
    .command('extrapolate')
    .description(
      'train the same small LM with sinusoidal, RoPE, ALiBi and XPOS positions on Moby Dick at length L, then measure perplexity at L/4…4L (8L in the full run; XPOS and RoPE also with BCA) and attention resolution at L and 2L',
    )
    .option('--quick', 'tiny model, a few hundred steps (about two minutes on 2 idle cores)')
    .addOption(new Option('--out <dir>', 'folder for the JSON result and the checkpoints (a rerun resumes from them)').default('lmkit-out/xpos'))
    .addOption(
      new Option('--only <encodings>', `comma-separated encodings to train and evaluate now (${EXTRAPOLATION_ENCODINGS.join(', ')}); processes given different ones and the same --out share their work, and a later run of all reuses it`)
        .argParser(listOption(EXTRAPOLATION_ENCODINGS))
        .default([...EXTRAPOLATION_ENCODINGS], 'all'),
    )
    .action(async (opts: { quick?: boolean; out: string; only: (typeof EXTRAPOLATION_ENCODINGS)[number][] }) => {
      await checkOutDir(opts.out);
      await rt.initBackend();
      const { runExtrapolationNode } = await import('@lmkit/xpos/node');
      const g = rt.globals();
      const out = path.resolve(opts.out);
      const result = await runExtrapolationNode({
        quick: Boolean(opts.quick),
        seed: g.seed,
        workDir: path.join(out, opts.quick ? 'work-quick' : 'work-full'),
        progress: rt.progress(),
        only: opts.only,
      });
      const file = path.join(out, opts.quick ? 'extrapolation-quick.json' : 'extrapolation.json');
      await rt.writeFileAtomic(file, JSON.stringify(result, null, 2) + '\n');
      const { buildXposSection } = await import('@lmkit/xpos/node');
      rt.output({ file, ...result }, () => `${renderSectionBody(buildXposSection(result))}\n\nTook ${result.seconds.toFixed(0)} s. Every value: ${file}`);
    });

  xpos
    .command('resolution')
    .description('attention resolution R(s) of one query\'s pre-softmax scores, given most recent key first')
    .argument('<scores>', 'comma-separated scores, s[0] = the query\'s own position, s[1] = one step back, … (write -- before a list that starts with a minus sign)')
    .option('--drop-last', 'leave out the last term instead of taking e^{s[N]} = 0')
    .action(async (raw: string, opts: { dropLast?: boolean }) => {
      const s = parseScores(raw);
      const { attentionResolution } = await import('@lmkit/xpos');
      const r = attentionResolution(s, { lastTerm: opts.dropLast ? 'drop' : 'zero' });
      rt.output({ resolution: r, scores: s, lastTerm: opts.dropLast ? 'drop' : 'zero' }, () => r.toFixed(6));
    });
};

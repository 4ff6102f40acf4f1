import { Option } from 'commander';
import { availableParallelism } from 'node:os';
import type { RegisterCommands } from './types.js';
import { listOption } from '../parse.js';
import { SECTION_IDS } from '../reproduce/sections.js';
import { checkOutDir } from '../out-dir.js';
import { runReproduce, type ReproduceResult } from '../reproduce/run.js';
import { versions } from '../versions.js';

interface ReproduceFlags {
  quick?: boolean;
  only: string[];
  out: string;
  fresh?: boolean;
}

/** Registers `lmkit reproduce`, the main job. */
export const registerReproduceCommands: RegisterCommands = (program, rt) => {
  program
    .command('reproduce')
    .description(
      "re-run each paper's headline experiment at laptop scale and write report.md, report.json and SVG charts " +
        "(our numbers beside the paper's); finished sections are reused after an interruption",
    )
    .option('--quick', 'small settings that finish in minutes on 2 cores')
    .addOption(
      new Option('--only <sections>', `comma-separated sections to run (${SECTION_IDS.join(', ')})`)
        .argParser(listOption(SECTION_IDS))
        .default([...SECTION_IDS], 'all'),
    )
    .option('--out <dir>', 'folder for report.md, report.json and charts/', 'lmkit-out')
    .option('--fresh', 'ignore finished sections of an earlier run and start them again')
    .action(async (flags: ReproduceFlags) => {
      const globals = rt.globals();
      await checkOutDir(flags.out);
      await rt.initBackend();
      const tf = await import('@tensorflow/tfjs');
      const log = rt.progress();
      const result = await runReproduce({
        out: flags.out,
        only: flags.only,
        quick: Boolean(flags.quick),
        seed: globals.seed,
        fresh: Boolean(flags.fresh),
        backend: tf.getBackend(),
        versions: versions(),
        cores: availableParallelism(),
        progress: (id) => rt.progress(id),
        log: (line) => log.log(line),
        write: (path, data) => rt.writeFileAtomic(path, data),
      });
      if (globals.json) process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`);
      else process.stdout.write(`${summary(result)}\n`);
      if (result.exitCode !== 0) process.exitCode = result.exitCode;
    });
};

function summary(result: ReproduceResult): string {
  const lines = result.report.outcomes.map((o) => {
    const status = o.status === 'ok' ? (o.resumed ? 'ok (reused)' : 'ok') : `FAILED: ${o.error?.message ?? ''}`;
    return `  ${o.id.padEnd(6)} ${status}${o.status === 'ok' && !o.resumed ? ` (${o.wallSeconds.toFixed(1)} s)` : ''}`;
  });
  return [`lmkit reproduce: ${result.files.markdown}, ${result.files.json}`, ...lines].join('\n');
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CommanderError, type Command } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import { oneLineMessage } from '../errors.js';
import type { JobKind } from './kinds.js';

/** The options after `--` of `lmkit queue submit`, checked against the shard command's own definition. */
export interface CheckedOptions {
  /** `--seed` / `--backend` for every shard (from before or after `--`). */
  globals: string[];
  /** The command's options and arguments as workers will pass them (paths absolute, values as parsed). */
  argv: string[];
}

/** Options `queue submit` sets itself per shard. */
const RESERVED = /^--(out|shard)(=|$)/;

/**
 * Parses `userArgv` with the real definition of `kind`'s command (same choices, number checks and
 * required options as running it directly), without running it. Paths become absolute relative to
 * `cwd` and must exist (workers read the same paths, so they belong on a mount every worker sees).
 * Throws `LMKIT_BAD_ARGUMENT` / `LMKIT_MISSING_FILE` with one line.
 */
export async function checkCommandOptions(
  kind: JobKind,
  userArgv: readonly string[],
  outer: { seed: number; backend?: string },
  cwd: string = process.cwd(),
): Promise<CheckedOptions> {
  const reserved = userArgv.find((a) => RESERVED.test(a));
  if (reserved) throw new LmkitError('LMKIT_BAD_ARGUMENT', `${reserved.split('=')[0]} is set by \`lmkit queue submit\` for each shard: give --out to submit (before --), not after --`);
  const { buildProgram, globalOptions } = await import('../program.js');
  const program = buildProgram();
  let cmd: Command = program;
  for (const name of kind.command) cmd = cmd.commands.find((c) => c.name() === name) as Command;
  let ran = false;
  cmd.action(() => {
    ran = true;
  });
  const base = ['--seed', String(outer.seed), ...(outer.backend ? ['--backend', outer.backend] : [])];
  try {
    await program.parseAsync(['node', 'lmkit', ...base, ...kind.command, ...userArgv, '--shard', '1/1', '--out', 'shard-out'], { from: 'node' });
  } catch (e) {
    const message = e instanceof CommanderError ? oneLineMessage(e) : (e as Error).message;
    throw new LmkitError('LMKIT_BAD_ARGUMENT', `options after -- (for \`lmkit ${kind.command.join(' ')}\`): ${message}`);
  }
  if (!ran) throw new LmkitError('LMKIT_BAD_ARGUMENT', `options after -- did not select \`lmkit ${kind.command.join(' ')}\``);

  if (String(cmd.getOptionValue('store') ?? '').startsWith('lancedb:')) {
    throw new LmkitError('LMKIT_BAD_ARGUMENT', 'a LanceDB table is built in one process (it resumes after a kill): run `lmkit picl index build --store lancedb:DIR` directly, or queue --store hnsw|exact');
  }
  const checkPath = (what: string, value: string): string => {
    const abs = resolve(cwd, value);
    if (!existsSync(abs)) throw new LmkitError('LMKIT_MISSING_FILE', `${what} ${value} not found: workers read the same path, so give a file on a mount every worker sees`);
    return abs;
  };
  const argv: string[] = cmd.processedArgs.map((a: unknown) => (kind.pathArguments ? checkPath('argument', String(a)) : String(a)));
  for (const opt of cmd.options) {
    const key = opt.attributeName();
    if (key === 'out' || key === 'shard' || !opt.long || cmd.getOptionValueSource(key) !== 'cli') continue;
    const value: unknown = cmd.getOptionValue(key);
    if (typeof value === 'boolean') {
      argv.push(opt.long); // a flag (or its --no- form) the user gave
      continue;
    }
    argv.push(opt.long, kind.pathOptions.includes(key) ? checkPath(opt.long, String(value)) : String(value));
  }
  const g = globalOptions(program);
  return { globals: ['--seed', String(g.seed), ...(g.backend ? ['--backend', g.backend] : [])], argv };
}

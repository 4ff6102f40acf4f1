import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { buildProgram } from 'lmkit';
import { docsDir } from './paths.js';

/** commander's Command, as the CLI builds it. */
type Command = ReturnType<typeof buildProgram>;

/** Escapes text for Markdown table cells and Vue templates. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|').replace(/\{/g, '&#123;').replace(/\n/g, ' ');
}

function code(s: string): string {
  return '`' + s.replace(/`/g, '') + '`';
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function section(cmd: Command, depth: number, out: string[]): void {
  const help = cmd.createHelp();
  const name = fullName(cmd);
  out.push(`${'#'.repeat(Math.min(depth, 4))} ${name}`, '');
  const desc = cmd.description();
  if (desc) out.push(esc(desc), '');
  out.push('```sh', help.commandUsage(cmd), '```', '');
  const args = help.visibleArguments(cmd);
  if (args.length > 0) {
    out.push('| argument | description |', '|---|---|');
    for (const a of args) out.push(`| ${code(help.argumentTerm(a))} | ${esc(help.argumentDescription(a))} |`);
    out.push('');
  }
  const opts = help.visibleOptions(cmd).filter((o) => o.long !== '--help' || depth === 1);
  if (opts.length > 0) {
    out.push('| option | description |', '|---|---|');
    for (const o of opts) out.push(`| ${code(help.optionTerm(o))} | ${esc(help.optionDescription(o))} |`);
    out.push('');
  }
  const subs = help.visibleCommands(cmd).filter((c) => c.name() !== 'help');
  if (subs.length > 0) {
    out.push('| command | description |', '|---|---|');
    for (const c of subs) out.push(`| [${code(c.name())}](#${anchor(fullName(c))}) | ${esc(c.summary() || c.description())} |`);
    out.push('');
  }
  for (const c of subs) section(c, depth + 1, out);
}

/** VitePress heading anchors: lower case, spaces to dashes. */
function anchor(heading: string): string {
  return heading.toLowerCase().replace(/\s+/g, '-');
}

/** The Markdown reference of a commander program: every command, argument and option it declares. */
export function renderCliReference(program: Command): string {
  const out: string[] = [
    '---',
    'outline: [2, 3]',
    '---',
    '',
    '<!-- Generated from the commander definitions by apps/docs/scripts/cli-reference.ts. Do not edit. -->',
    '',
    '# CLI reference',
    '',
    'Generated from the `lmkit` program itself when this site was built. The options of the root',
    'command (`--json`, `--verbose`, `--seed`, `--backend`) apply to every command.',
    '',
  ];
  section(program, 2, out);
  return out.join('\n');
}

/** Loads `buildProgram()` from the `lmkit` package (its sources, with the `@lmkit/source` condition). */
export async function loadProgram(): Promise<Command> {
  const { buildProgram: build } = await import('lmkit');
  return build();
}

/** Writes docs/reference/cli.md from the CLI's own command definitions. */
export async function writeCliReference(): Promise<{ commands: number }> {
  const program = await loadProgram();
  const count = (c: Command): number => 1 + c.commands.reduce((s, x) => s + count(x), 0);
  mkdirSync(join(docsDir, 'reference'), { recursive: true });
  writeFileSync(join(docsDir, 'reference', 'cli.md'), renderCliReference(program));
  return { commands: count(program) };
}

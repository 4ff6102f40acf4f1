import { describe, expect, it } from 'vitest';
import { loadProgram, renderCliReference } from '../scripts/cli-reference.js';

type Command = NonNullable<Awaited<ReturnType<typeof loadProgram>>>;

function walk(cmd: Command, out: Command[] = []): Command[] {
  out.push(cmd);
  for (const c of cmd.commands) if (c.name() !== 'help') walk(c, out);
  return out;
}

function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

describe('CLI reference', () => {
  it('has a heading, usage line and every option for every command of buildProgram()', async () => {
    const program = await loadProgram();
    expect(program).not.toBeNull();
    const md = renderCliReference(program!);
    const commands = walk(program!);
    expect(commands.length).toBeGreaterThan(3);
    for (const cmd of commands) {
      const name = fullName(cmd);
      expect(md).toMatch(new RegExp(`^#{2,4} ${name}$`, 'm'));
      for (const o of cmd.options) {
        if (o.hidden) continue;
        expect(md, `${name} ${o.flags}`).toContain('`' + o.flags.replace(/`/g, '') + '`');
      }
    }
    // Nothing in it can be read as an HTML tag or a Vue interpolation by VitePress outside code.
    const prose = md.replace(/```[\s\S]*?```/g, '').replace(/`[^`]*`/g, '');
    expect(prose).not.toMatch(/<(?!!--)[a-z]/i);
    expect(prose).not.toContain('{{');
  });
});

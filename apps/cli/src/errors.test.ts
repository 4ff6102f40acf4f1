import { CommanderError } from 'commander';
import { LmkitError } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { exitCodeFor, formatError, oneLineMessage } from './errors.js';

describe('exit-code policy', () => {
  it('maps usage errors and LMKIT_ errors to 2, internal and unknown errors to 1, help to its own code', () => {
    expect(exitCodeFor(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toBe(2);
    expect(exitCodeFor(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toBe(0);
    expect(exitCodeFor(new LmkitError('LMKIT_MISSING_FILE', 'no such file'))).toBe(2);
    // a copy of LmkitError from another install is recognised by its code
    expect(exitCodeFor(Object.assign(new Error('bad'), { code: 'LMKIT_BAD_DATA' }))).toBe(2);
    expect(exitCodeFor(new LmkitError('LMKIT_NOT_READY', 'not built'))).toBe(1);
    expect(exitCodeFor(Object.assign(new Error('disk'), { code: 'ENOSPC' }))).toBe(1);
    expect(exitCodeFor('thrown string')).toBe(1);
    // a file-system error on a path (what a user passed) is bad input; one without a path is not
    expect(exitCodeFor(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: 'x.json' }))).toBe(2);
    expect(exitCodeFor(Object.assign(new Error('ENOENT'), { code: 'ENOENT' }))).toBe(1);
  });

  it('formats one line without commander\'s prefix, and the stack only when verbose', () => {
    const usage = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--jsn'\n(Did you mean --json?)");
    expect(formatError(usage, true)).toBe("lmkit: unknown option '--jsn' (Did you mean --json?)");
    const e = new LmkitError('LMKIT_MISSING_FILE', 'checkpoint x.json not found:\npass an existing file');
    expect(formatError(e, false)).toBe('lmkit: checkpoint x.json not found: pass an existing file');
    const verbose = formatError(e, true).split('\n');
    expect(verbose[0]).toBe('lmkit: checkpoint x.json not found: pass an existing file');
    expect(verbose.length).toBeGreaterThan(1);
    expect(oneLineMessage(new Error(''))).toBe('Error');
  });
});

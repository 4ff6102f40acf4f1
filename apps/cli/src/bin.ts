#!/usr/bin/env node
import { main } from './program.js';
import { exitCodeFor, formatError } from './errors.js';

const verbose = process.argv.includes('--verbose');
// Failures outside the command's promise (a crashed worker, a stray rejection) get the same one-line treatment.
const crash = (e: unknown) => {
  process.stderr.write(`${formatError(e, verbose)}\n`);
  process.exit(exitCodeFor(e));
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

const code = await main(process.argv);
// Exit explicitly: tfjs, pyodide workers or native handles must not keep a finished command alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

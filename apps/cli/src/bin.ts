#!/usr/bin/env node
import { main } from './program.js';

const code = await main(process.argv);
// Exit explicitly: tfjs, pyodide workers or native handles must not keep a finished command alive.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));

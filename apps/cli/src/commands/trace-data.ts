import type { RegisterCommands } from './types.js';

/** Registers `lmkit trace build|eval|train|predict` on the `trace` command (owned by the datasets/model side). */
export const registerTraceDataCommands: RegisterCommands = () => {};

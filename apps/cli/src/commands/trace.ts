import type { RegisterCommands } from './types.js';

/** Registers `lmkit trace …` commands. */
export const registerTraceCommands: RegisterCommands = () => {};

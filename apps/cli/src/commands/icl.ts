import type { RegisterCommands } from './types.js';

/** Registers `lmkit icl …` commands. */
export const registerIclCommands: RegisterCommands = () => {};

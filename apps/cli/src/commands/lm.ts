import type { RegisterCommands } from './types.js';

/** Registers `lmkit lm …` commands. */
export const registerLmCommands: RegisterCommands = () => {};

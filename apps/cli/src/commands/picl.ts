import type { RegisterCommands } from './types.js';

/** Registers `lmkit picl …` commands. */
export const registerPiclCommands: RegisterCommands = () => {};

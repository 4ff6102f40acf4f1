import type { RegisterCommands } from './types.js';

/** Registers `lmkit xpos …` commands. */
export const registerXposCommands: RegisterCommands = () => {};

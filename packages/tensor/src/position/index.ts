export { noPosition, type PositionEncoding } from './types.js';
export { learnedPositions, type LearnedPositionsOptions } from './learned.js';
export { sinusoidalPositions, sinusoidalTable, SINUSOIDAL_BASE, type SinusoidalPositionsOptions } from './sinusoidal.js';
export { checkPositionStart, checkHeadDim } from './check.js';
export { ROPE_BASE, rotaryFrequencies, rotaryTables, pairSwapMatrix, applyRotary, checkRotateArgs, type RotaryOptions } from './rotary.js';
export { rope } from './rope.js';

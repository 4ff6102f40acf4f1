export { noPosition, type PositionEncoding } from './types.js';
export { learnedPositions, type LearnedPositionsOptions } from './learned.js';
export { sinusoidalPositions, sinusoidalTable, SINUSOIDAL_BASE, type SinusoidalPositionsOptions } from './sinusoidal.js';
export { checkPositionStart } from './check.js';

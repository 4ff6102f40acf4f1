/**
 * @lmkit/trace
 * @packageDocumentation
 */
export const PACKAGE_NAME = '@lmkit/trace';

// datasets/model exports
export { scoreTraces, scoreProgram, precisionRecall, type TraceMetrics, type ProgramScore, type PrecisionRecall, type MalformedStep } from './metrics/score.js';
export { splitTraceSteps, parseStep, normalizeSpace, type ScoredStep, type SplitTrace } from './metrics/steps.js';
export { parseTraceJsonl, pairTraces, type TraceRecord } from './metrics/records.js';
export { Mutator, type PythonEval, type Mutant, type MutationFailure, type MutationResult } from './mutate/mutator.js';
export { MUTATION_OPERATORS, MUTATION_OPERATOR_IDS, isMutationOperator, type MutationOperator } from './mutate/operators.js';

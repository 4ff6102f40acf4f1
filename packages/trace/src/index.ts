/**
 * @lmkit/trace — CodeExecutor (arXiv 2305.05383): sandboxed Python execution tracing in Pyodide,
 * trace formats, mutations, datasets, metrics and a trace model.
 *
 * This entry is browser-safe. The Node worker pool is in `@lmkit/trace/node`, the Web Worker tracer
 * in `@lmkit/trace/browser`.
 * @packageDocumentation
 */

export {
  DEFAULT_LIMITS,
  TRACE_ERROR_KINDS,
  resolveLimits,
  type TraceError,
  type TraceErrorKind,
  type TraceLimits,
  type TraceMode,
  type TraceRequest,
} from './sandbox/limits.js';
export { TraceLimitError, TracerStateError } from './sandbox/errors.js';
export { stdoutAt, type RawTraceResult, type SyntaxErrorInfo, type Trace, type TraceException, type TraceResult, type TraceStep } from './tracer/types.js';
export {
  applyEvent,
  newStreamState,
  replay,
  settleEvent,
  EMPTY_STREAM,
  type BindingChange,
  type ContainerRecord,
  type FloatValue,
  type HeapRecord,
  type StreamCode,
  type StreamEvent,
  type StreamPair,
  type StreamState,
  type StreamValue,
  type TraceStream,
} from './tracer/stream.js';
export { lineSteps } from './tracer/line-steps.js';
export { asciiRepr, renderValue } from './format/pyrepr.js';
/** The tracer's Python modules (lmkit_tracer needs lmkit_encoder and lmkit_io beside it): they run natively too. */
export { ENCODER_PY, PROGRAM_IO_PY, TRACER_PY } from './python/sources.gen.js';
export {
  CE_TOKENS,
  CODEEXECUTOR_PREFIXES,
  formatCodeExecutor,
  parseCodeExecutor,
  toCodeExecutor,
  tokenizeOutput,
  tokenizeValue,
  traceToCodeExecutorText,
  type CodeExecutorPrefix,
  type CodeExecutorStep,
  type CodeExecutorTrace,
  type ParsedCodeExecutorTrace,
  type ToCodeExecutorOptions,
} from './format/codeexecutor.js';
export { instructionLimitMessage, toTutor, tutorEntries, type TutorFrame, type TutorHeapObject, type TutorStep, type TutorTrace, type TutorValue } from './format/tutor.js';

export { QUICK_SETTINGS, FULL_SETTINGS, type TraceExperimentSettings } from './experiment/settings.js';
export { PAPER_NUMBERS } from './experiment/paper.js';
export { splitTraceData, evaluateSet, summarise, fitShare, EVAL_SETS, EVAL_SET_LABELS, type TraceExperimentData, type TraceExperimentSplits, type EvalSetName, type SetEvaluation, type SetSummary, type Rate } from './experiment/run.js';
export { measureThroughput, type TracerThroughput } from './experiment/throughput.js';
export type { TraceExperimentResult, TracedSetStats } from './experiment/result.js';
export { traceReportSection, HELD_OUT_TABLE } from './experiment/report.js';

// datasets/model exports
export * from './datasets/api.js';

/**
 * Turning candidates into dataset records: trace each program, keep or drop failures, in index order.
 * Browser-safe (file handling lives in datasets/node/).
 */
import { candidate, type CandidateContext, type BuildSetName } from './candidates.js';

/** A traced program as the dataset builder needs it. */
export type TracedProgram =
  | { ok: true; trace: string; steps: number; stdout: string }
  | { ok: false; error: { kind: string; message: string }; trace: string; steps: number; stdout: string };

/** Traces one program to CodeExecutor trace text (adapter over the sandboxed tracer). */
export type TraceProgram = (source: string) => Promise<TracedProgram>;

/** One JSONL line of a dataset. */
export interface DatasetRecord {
  /** `set-seed-index`, unique within a build. */
  id: string;
  set: BuildSetName;
  /** Position in the whole (unsharded) set. */
  index: number;
  seed: number;
  source: string;
  /** CodeExecutor trace text (no dataset prefix; the model adds it). */
  trace: string;
  /** Executed steps recorded. */
  steps: number;
  /** Everything the program printed. */
  output: string;
  /** Where the program came from (generator template, stdlib file and line, base program and operator). */
  origin: Record<string, unknown>;
  /** Present (with `--keep-errors`) when the program broke a limit or raised: kind and message. */
  error?: { kind: string; message: string };
}

/** Options of {@link buildRecords}. */
export interface BuildRecordsOptions {
  set: BuildSetName;
  seed: number;
  /** First index (inclusive). */
  from: number;
  /** Last index (exclusive). */
  to: number;
  /** Keep programs that raised or broke a limit (with `error`); default drop them. */
  keepErrors?: boolean;
  /** Programs traced at once (the tracer pool's size). Default 2. */
  concurrency?: number;
}

/** What happened to one index. */
export type IndexOutcome = { index: number; record: DatasetRecord | null; reason?: 'no-candidate' | 'error'; errorKind?: string };

/**
 * Traces programs `from … to-1` and yields one outcome per index, in index order (a dropped program
 * yields `record: null`). Work is done `concurrency` programs at a time.
 */
export async function* buildRecords(options: BuildRecordsOptions, ctx: CandidateContext, trace: TraceProgram): AsyncGenerator<IndexOutcome> {
  const { set, seed, from, to } = options;
  const width = Math.max(1, options.concurrency ?? 2);
  for (let start = from; start < to; start += width) {
    const batch = Array.from({ length: Math.min(width, to - start) }, (_, j) => start + j);
    const outcomes = await Promise.all(batch.map((index) => oneRecord(set, seed, index, ctx, trace, options.keepErrors ?? false)));
    yield* outcomes;
  }
}

async function oneRecord(set: BuildSetName, seed: number, index: number, ctx: CandidateContext, trace: TraceProgram, keepErrors: boolean): Promise<IndexOutcome> {
  const c = candidate(set, seed, index, ctx);
  if (!c) return { index, record: null, reason: 'no-candidate' };
  const t = await trace(c.source);
  const record: DatasetRecord = {
    id: `${set}-${seed}-${index}`,
    set,
    index,
    seed,
    source: c.source,
    trace: t.trace,
    steps: t.steps,
    output: t.stdout,
    origin: c.origin,
  };
  if (!t.ok) {
    if (!keepErrors) return { index, record: null, reason: 'error', errorKind: t.error.kind };
    record.error = t.error;
    return { index, record, errorKind: t.error.kind };
  }
  return { index, record };
}

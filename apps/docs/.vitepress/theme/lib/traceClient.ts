/**
 * The trace stepper's view of @lmkit/trace/browser: Python runs in Pyodide inside a Web Worker with
 * the package's sandbox and limits (the same as the CLI's); each run comes back in Python Tutor's
 * format (pg_logger's entries: the state *before* each line, frames, heap) plus the CodeExecutor text.
 */
import {
  createBrowserTracer,
  toTutor,
  traceToCodeExecutorText,
  DEFAULT_LIMITS,
  type BrowserTracer,
  type TutorStep,
  type TutorValue,
} from '@lmkit/trace/browser';

export { DEFAULT_LIMITS };
export type { TutorStep, TutorValue };

export interface TraceRun {
  /** pg_logger's entries that show a state (the limit / error entry is left out: see `error`, `truncated`). */
  steps: TutorStep[];
  /** Why the run stopped early (an uncaught exception, a limit, a refused import), or null. */
  error: string | null;
  /** True when the step limit cut the trace. */
  truncated: boolean;
  /** The CodeExecutor-format trace text (state after each line; of the partial trace when a limit stopped it). */
  text: string;
}

/** A heap object in pg_encoder's form, e.g. `['LIST', 1, ['REF', 2]]`. */
export type HeapObject = unknown[];

/** Python-Tutor-like text of an inline value: repr-ish primitives, `→ id` for a reference. */
export function valueText(v: TutorValue): string {
  if (v === null) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return JSON.stringify(v).replace(/^"|"$/g, "'");
  if (v[0] === 'REF') return `→ ${v[1]}`;
  if (v[0] === 'SPECIAL_FLOAT') return String(v[1]);
  if (v[0] === 'IMPORTED_FAUX_PRIMITIVE') return String(v[1]);
  return JSON.stringify(v);
}

/** Title and rows of a heap object: e.g. `list` with `[index, value]` rows, `instance P` with `[attr, value]` rows. */
export function heapView(obj: HeapObject): { title: string; rows: Array<[string, string]> } {
  const kind = String(obj[0]);
  const items = obj.slice(1) as TutorValue[];
  switch (kind) {
    case 'LIST':
    case 'TUPLE':
    case 'SET':
      return { title: kind.toLowerCase(), rows: items.map((v, i) => [kind === 'SET' ? '' : String(i), valueText(v)]) };
    case 'DICT':
      return { title: 'dict', rows: (items as unknown as Array<[TutorValue, TutorValue]>).map(([k, v]) => [valueText(k), valueText(v)]) };
    case 'INSTANCE':
    case 'INSTANCE_PPRINT': {
      const pp = kind === 'INSTANCE_PPRINT';
      const attrs = obj.slice(pp ? 3 : 2) as Array<[string, TutorValue]>;
      return { title: `${String(obj[1])} instance${pp ? `: ${String(obj[2])}` : ''}`, rows: attrs.map(([k, v]) => [k, valueText(v)]) };
    }
    case 'CLASS': {
      const bases = obj[2] as string[];
      const attrs = obj.slice(3) as Array<[string, TutorValue]>;
      return { title: `class ${String(obj[1])}${bases.length ? `(${bases.join(', ')})` : ''}`, rows: attrs.map(([k, v]) => [k, valueText(v)]) };
    }
    case 'FUNCTION':
      return { title: `function ${String(obj[1])}`, rows: obj[2] === null ? [] : [['parent', `frame ${String(obj[2])}`]] };
    default:
      return { title: kind, rows: items.map((v) => ['', valueText(v)]) };
  }
}

/** One worker per page, started on first use. */
export class TraceClient {
  private tracer: BrowserTracer | null = null;

  constructor(private readonly indexURL: string) {}

  /** Traces a program; limit breaches and Python errors come back in `error`, never as a rejection. */
  async run(source: string): Promise<TraceRun> {
    this.tracer ??= createBrowserTracer({ indexURL: this.indexURL });
    const r = await this.tracer.trace({ source, countSteps: 'tutor', fullValues: true });
    const doc = toTutor(r, source, DEFAULT_LIMITS.maxSteps);
    const steps = doc.trace.filter((s) => s.stack_to_render !== undefined);
    const last = doc.trace[doc.trace.length - 1];
    const text = r.trace ? traceToCodeExecutorText(r.trace) : '';
    const truncated = last?.event === 'instruction_limit_reached';
    const failed = last && (last.event === 'exception' || last.event === 'uncaught_exception') ? (last.exception_msg ?? 'error') : null;
    return { steps, error: truncated ? null : failed, truncated, text };
  }

  /** Stops the worker. */
  dispose(): void {
    this.tracer?.dispose();
    this.tracer = null;
  }
}

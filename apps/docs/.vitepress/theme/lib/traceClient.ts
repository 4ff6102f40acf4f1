/**
 * The trace stepper's view of @lmkit/trace/browser: Python runs in Pyodide inside a Web Worker with
 * the package's sandbox and limits (the same as the CLI's), and each run is turned into steps the
 * page can walk through plus the CodeExecutor text.
 */
import { createBrowserTracer, traceToCodeExecutorText, DEFAULT_LIMITS, type BrowserTracer, type Trace } from '@lmkit/trace/browser';

export { DEFAULT_LIMITS };

export interface StepView {
  /** 0-based line number just executed. */
  line: number;
  /** Visible variables after the line, rendered by the tracer. */
  vars: Record<string, string>;
  /** Text this step printed. */
  output: string;
  /** Variables this step changed or created. */
  changed: string[];
}

export interface TraceRun {
  steps: StepView[];
  /** Why the run stopped early (a limit, a Python exception, a refused import), or null. */
  error: string | null;
  /** True when the step limit cut the trace. */
  truncated: boolean;
  /** The CodeExecutor-format trace text (of the partial trace when a limit stopped the program). */
  text: string;
}

function toSteps(trace: Trace): StepView[] {
  let printed = 0;
  return trace.steps.map((s) => {
    const output = trace.stdout.slice(printed, s.stdoutEnd);
    printed = Math.max(printed, s.stdoutEnd);
    return { line: s.line - 1, vars: s.state, output, changed: s.changed };
  });
}

/** One worker per page, started on first use. */
export class TraceClient {
  private tracer: BrowserTracer | null = null;

  constructor(private readonly indexURL: string) {}

  /** Traces a program; limit breaches and Python errors come back in `error`, never as a rejection. */
  async run(source: string): Promise<TraceRun> {
    this.tracer ??= createBrowserTracer({ indexURL: this.indexURL });
    const r = await this.tracer.trace(source);
    const trace = r.ok ? r.trace : r.trace;
    const steps = trace ? toSteps(trace) : [];
    const text = trace ? traceToCodeExecutorText(trace) : '';
    if (r.ok) {
      const ex = r.trace.exception;
      return { steps, error: ex ? `${ex.type}: ${ex.message}${ex.line ? ` (line ${ex.line - 1})` : ''}` : null, truncated: false, text };
    }
    return { steps, error: r.error.kind === 'steps' ? null : `${r.error.kind}: ${r.error.message}`, truncated: r.error.kind === 'steps', text };
  }

  /** Stops the worker. */
  dispose(): void {
    this.tracer?.dispose();
    this.tracer = null;
  }
}

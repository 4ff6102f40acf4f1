/**
 * Runs Python in Pyodide inside a Web Worker for the trace stepper, with limits: at most
 * `maxSteps` traced lines, `timeoutMs` of wall time (interrupt through a SharedArrayBuffer when the
 * page is cross-origin isolated, then terminate the worker), `maxOutput` printed characters per step.
 */
export interface TraceStep {
  /** 0-based line number just executed. */
  line: number;
  /** Variables of that frame after the line, rendered as CodeExecutor value tokens. */
  vars: Record<string, string>;
  /** Text the line printed. */
  output: string;
}

export interface TraceRun {
  steps: TraceStep[];
  error: string | null;
  truncated: boolean;
  /** The CodeExecutor-format trace text. */
  text: string;
}

export interface TraceLimits {
  maxSteps: number;
  timeoutMs: number;
  maxOutput: number;
}

/** Python Tutor's logger caps a trace at 1,000 steps; the CodeExecutor data uses the same cap. */
export const DEFAULT_LIMITS: TraceLimits = { maxSteps: 1000, timeoutMs: 5000, maxOutput: 1000 };

/** One trace in the CodeExecutor format: `<line> <k> <state> name : value <dictsep> … </state>`. */
export function formatTrace(steps: readonly TraceStep[]): string {
  const out: string[] = [];
  for (const s of steps) {
    const state = Object.entries(s.vars)
      .map(([k, v]) => `${k} : ${v}`)
      .join(' <dictsep> ');
    out.push(`<line> <${s.line}> <state> ${state}${state ? ' ' : ''}</state>`);
    for (const line of s.output.split('\n').filter((l) => l !== '')) out.push(`<output> ${line}`);
  }
  return out.join('\n');
}

export class TraceClient {
  private worker: Worker | null = null;
  private ready: Promise<void> | null = null;
  private interrupt: Int32Array | null = null;
  private nextId = 1;

  constructor(
    private readonly indexURL: string,
    private readonly limits: TraceLimits = DEFAULT_LIMITS,
  ) {}

  /** Starts the worker and loads Pyodide (once). */
  start(): Promise<void> {
    if (this.ready) return this.ready;
    const worker = new Worker(new URL('../workers/trace.worker.ts', import.meta.url), { type: 'module' });
    this.worker = worker;
    const sab = globalThis.crossOriginIsolated ? new SharedArrayBuffer(4) : undefined;
    this.interrupt = sab ? new Int32Array(sab) : null;
    this.ready = new Promise<void>((resolve, reject) => {
      const onMsg = (ev: MessageEvent) => {
        const m = ev.data as { type: string; message?: string };
        if (m.type === 'ready') {
          worker.removeEventListener('message', onMsg);
          resolve();
        } else if (m.type === 'fatal') {
          worker.removeEventListener('message', onMsg);
          this.reset();
          reject(new Error(m.message));
        }
      };
      worker.addEventListener('message', onMsg);
      worker.addEventListener('error', (e) => reject(new Error(e.message || 'the trace worker failed to load')), { once: true });
    });
    worker.postMessage({ type: 'init', indexURL: this.indexURL, interrupt: sab });
    return this.ready;
  }

  /** Whether a run can be interrupted without restarting Pyodide. */
  get interruptible(): boolean {
    return this.interrupt !== null;
  }

  /** Traces a program. */
  async run(source: string): Promise<TraceRun> {
    await this.start();
    const worker = this.worker!;
    const id = this.nextId++;
    const raw = await new Promise<{ steps: TraceStep[]; error: string | null; truncated: boolean }>((resolve) => {
      let hardStop: ReturnType<typeof setTimeout> | undefined;
      const onMsg = (ev: MessageEvent) => {
        const m = ev.data as { type: string; id?: number };
        if (m.type !== 'result' || m.id !== id) return;
        clearTimeout(soft);
        clearTimeout(hardStop);
        worker.removeEventListener('message', onMsg);
        resolve(ev.data);
      };
      const soft = setTimeout(() => {
        if (this.interrupt) this.interrupt[0] = 2; // SIGINT → KeyboardInterrupt in Python
        hardStop = setTimeout(() => {
          worker.removeEventListener('message', onMsg);
          this.reset();
          resolve({ steps: [], error: `stopped: the ${this.limits.timeoutMs / 1000} s time limit was reached`, truncated: false });
        }, 500);
      }, this.limits.timeoutMs);
      worker.addEventListener('message', onMsg);
      worker.postMessage({ type: 'run', id, source, maxSteps: this.limits.maxSteps, maxOutput: this.limits.maxOutput });
    });
    return { ...raw, error: raw.error ?? null, text: formatTrace(raw.steps) };
  }

  /** Terminates the worker; the next run starts a fresh one. */
  reset(): void {
    this.worker?.terminate();
    this.worker = null;
    this.ready = null;
    this.interrupt = null;
  }
}

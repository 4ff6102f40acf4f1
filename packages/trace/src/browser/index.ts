/**
 * @lmkit/trace/browser — the sandboxed tracer in a Web Worker, with the limits of the Node pool.
 *
 * ```ts
 * const tracer = createBrowserTracer({ indexURL: '/pyodide/' });
 * const r = await tracer.trace('x = [1, 2]\nprint(sum(x))\n', { timeoutMs: 2000 });
 * if (r.ok) console.log(traceToCodeExecutorText(r.trace));
 * tracer.dispose();
 * ```
 * Pyodide's files (`pyodide.mjs`, `pyodide.asm.mjs`, `pyodide.asm.wasm`, `python_stdlib.zip`,
 * `pyodide-lock.json` from the npm package) must be served by the page at `indexURL`.
 * Interrupting a running program needs `SharedArrayBuffer` (a cross-origin isolated page: COOP
 * `same-origin` + COEP `require-corp`); without it a program over its time limit is stopped by
 * terminating and restarting the worker (a new Pyodide load).
 * @packageDocumentation
 */
import { CONTROL_REASON, CONTROL_SIGNAL, REASON_TIMEOUT, SIGINT } from '../sandbox/engine.js';
import { TracerStateError } from '../sandbox/errors.js';
import { resolveLimits, type TraceLimits, type TraceRequest } from '../sandbox/limits.js';
import type { FromWorker, ToWorker } from '../sandbox/protocol.js';
import type { TraceResult } from '../tracer/types.js';
import type { BrowserInit } from './worker.js';

// Kept small on purpose: the tracer plus the limits, types and formats a page needs.
export { TraceLimitError, TracerStateError } from '../sandbox/errors.js';
export { DEFAULT_LIMITS, type TraceError, type TraceErrorKind, type TraceLimits, type TraceRequest } from '../sandbox/limits.js';
export { stdoutAt, type Trace, type TraceException, type TraceResult, type TraceStep } from '../tracer/types.js';
export type { TraceStream } from '../tracer/stream.js';
export { parseCodeExecutor, traceToCodeExecutorText, type CodeExecutorPrefix } from '../format/codeexecutor.js';
export { toTutor, type TutorFrame, type TutorStep, type TutorTrace, type TutorValue } from '../format/tutor.js';

const disposedError = (): TracerStateError =>
  new TracerStateError('LMKIT_TRACER_DISPOSED', 'the browser tracer was disposed; create a new one with createBrowserTracer');

/** Options of {@link createBrowserTracer}. */
export interface BrowserTracerOptions {
  /** URL of the folder that serves Pyodide's files (ends with `/`). */
  indexURL: string;
  /** URL of this package's `browser/worker.js` (default: resolved next to this module). */
  workerURL?: string | URL;
  /** After the time limit, how long to keep interrupting before the worker is restarted, ms. Default 1,000. */
  graceMs?: number;
}

/** A tracer running in one Web Worker. */
export interface BrowserTracer {
  /** Traces one program (programs queue). Resolves with a typed error for limits, never rejects for program faults. */
  trace(source: string | TraceRequest, limits?: TraceLimits): Promise<TraceResult>;
  /** Stops the worker; pending programs reject. */
  dispose(): void;
}

interface Pending {
  id: number;
  request: TraceRequest;
  resolve: (r: TraceResult) => void;
  reject: (e: unknown) => void;
}

/** Minimal Worker surface used here (so tests can pass a fake). */
export interface WorkerLike {
  postMessage(m: unknown): void;
  terminate(): void;
  onmessage: ((ev: { data: FromWorker }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
}

/** Creates the browser tracer. `makeWorker` is for tests; pages leave it out. */
export function createBrowserTracer(opts: BrowserTracerOptions, makeWorker?: () => WorkerLike): BrowserTracer {
  const graceMs = opts.graceMs ?? 1_000;
  const spawnWorker =
    makeWorker ??
    ((): WorkerLike =>
      (opts.workerURL
        ? new Worker(opts.workerURL, { type: 'module' })
        : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' })) as unknown as WorkerLike);
  const shared = typeof SharedArrayBuffer !== 'undefined' && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;
  const queue: Pending[] = [];
  let current: (Pending & { timers: Array<ReturnType<typeof setTimeout>> }) | undefined;
  let worker: WorkerLike | undefined;
  let control: Int32Array;
  let ready = false;
  let disposed = false;
  let nextId = 1;
  let startError: Error | undefined;

  const start = (): void => {
    ready = false;
    control = new Int32Array(shared ? new SharedArrayBuffer(8) : new ArrayBuffer(8));
    const w = spawnWorker();
    worker = w;
    w.onmessage = (ev) => {
      const m = ev.data;
      if (m.type === 'ready') {
        ready = true;
        pump();
      } else if (m.type === 'failed') {
        startError = new TracerStateError('LMKIT_TRACE_WORKER', `the tracer worker could not start Pyodide from ${opts.indexURL}: ${m.message}; check that indexURL serves Pyodide's files`);
        for (const p of queue.splice(0)) p.reject(startError);
      } else if (m.type === 'result' && current?.id === m.id) {
        const done = current;
        finish();
        done.resolve(m.result);
        if (m.recycle) restart();
        pump();
      }
    };
    w.onerror = (ev) => {
      const done = current;
      finish();
      done?.resolve({ ok: false, error: { kind: 'python', message: `the tracer worker failed: ${String((ev as { message?: string }).message ?? ev)}` } });
      restart();
    };
    const init: BrowserInit = { type: 'init', indexURL: opts.indexURL, control: control.buffer as SharedArrayBuffer | ArrayBuffer };
    w.postMessage(init);
  };

  const restart = (): void => {
    worker?.terminate();
    if (!disposed) start();
  };

  const finish = (): void => {
    for (const t of current?.timers ?? []) clearTimeout(t);
    current = undefined;
  };

  const pump = (): void => {
    if (!ready || current || queue.length === 0 || !worker) return;
    const job = queue.shift()!;
    const limits = resolveLimits(job.request.limits);
    Atomics.store(control, CONTROL_SIGNAL, 0);
    Atomics.store(control, CONTROL_REASON, 0);
    const timers: Array<ReturnType<typeof setTimeout>> = [];
    current = { ...job, timers };
    const interrupt = (): void => {
      Atomics.store(control, CONTROL_REASON, REASON_TIMEOUT);
      Atomics.store(control, CONTROL_SIGNAL, SIGINT);
    };
    if (shared) for (let t = 0; t < graceMs; t += 100) timers.push(setTimeout(interrupt, limits.timeoutMs + t));
    timers.push(
      setTimeout(() => {
        if (current?.id !== job.id) return;
        finish();
        job.resolve({ ok: false, error: { kind: 'timeout', message: `the program ran longer than ${limits.timeoutMs} ms` } });
        restart();
      }, limits.timeoutMs + (shared ? graceMs : 0)),
    );
    worker.postMessage({ type: 'trace', id: job.id, request: job.request } satisfies ToWorker);
  };

  start();
  return {
    trace(source, limits) {
      if (disposed) return Promise.reject(disposedError());
      if (startError) return Promise.reject(startError);
      const request: TraceRequest = typeof source === 'string' ? { source } : { ...source };
      request.limits = { ...request.limits, ...limits };
      try {
        resolveLimits(request.limits);
      } catch (e) {
        return Promise.reject(e);
      }
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, request, resolve, reject });
        pump();
      });
    },
    dispose() {
      disposed = true;
      current?.reject(disposedError());
      finish();
      for (const p of queue.splice(0)) p.reject(disposedError());
      worker?.terminate();
      worker = undefined;
    },
  };
}

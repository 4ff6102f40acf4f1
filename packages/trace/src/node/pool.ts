/**
 * A pool of sandbox workers (Node `worker_threads`), each holding one warm Pyodide. Programs queue
 * and go to the first idle worker; a worker that does not answer after its time limit (interrupt
 * first, then `terminate`) or that crashes is replaced.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LmkitError } from '@lmkit/tensor';
import { CONTROL_REASON, CONTROL_SIGNAL, REASON_TIMEOUT, SIGINT, type EngineSelfCheck } from '../sandbox/engine.js';
import { resolveLimits, type TraceLimits, type TraceRequest } from '../sandbox/limits.js';
import type { FromWorker, ToWorker } from '../sandbox/protocol.js';
import type { TraceResult } from '../tracer/types.js';

/** Options of {@link TracerPool}. */
export interface TracerPoolOptions {
  /** Number of workers (each holds one Pyodide, ~3 s to start, ~40 MB). Default: the CPU count. */
  size?: number;
  /** Default limits for every program (a request's own limits win). */
  limits?: TraceLimits;
  /** The compiled worker script. Default: `worker.js` next to this module (in `dist/node/`). */
  workerURL?: URL | string;
  /** After the time limit, how long to keep interrupting before the worker is killed, ms. Default 1,000. */
  graceMs?: number;
  /**
   * Measure each program's CPU time (`trace.cpuMs`: the worker thread's own, Linux only). Costs two
   * short sleeps per program (they make the kernel account the thread's time up to that moment); for
   * benchmarks on shared machines, where wall time measures the load. Default false.
   */
  cpuTime?: boolean;
}

interface Job {
  request: TraceRequest;
  resolve: (r: TraceResult) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  control: Int32Array;
  ready: boolean;
  job?: Job & { id: number; timers: Array<ReturnType<typeof setTimeout>> };
  checks: Map<number, (c: EngineSelfCheck) => void>;
}

/**
 * Finds the compiled worker. From `dist/node/pool.js` it is the sibling `worker.js`; when this module
 * runs from `src/` (tests, tsx) it is `../../dist/node/worker.js` (build first: `npx tsc -p tsconfig.build.json`).
 */
export function resolveWorkerURL(): URL {
  const here = new URL('./worker.js', import.meta.url);
  if (existsSync(fileURLToPath(here))) return here;
  const dist = new URL('../../dist/node/worker.js', import.meta.url);
  if (existsSync(fileURLToPath(dist))) return dist;
  throw new LmkitError(
    'LMKIT_TRACE_WORKER_MISSING',
    `the tracer worker script was not found at ${fileURLToPath(here)} or ${fileURLToPath(dist)}; build @lmkit/trace first (cd packages/trace && npx tsc -p tsconfig.build.json)`,
  );
}

/** A pool of warm, sandboxed Pyodide tracers. Call {@link TracerPool.close} when done. */
export class TracerPool {
  readonly size: number;
  private readonly limits: TraceLimits;
  private readonly workerURL: URL | string;
  private readonly graceMs: number;
  private readonly cpuTime: boolean;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private startError: Error | undefined;

  constructor(opts: TracerPoolOptions = {}) {
    this.size = Math.max(1, Math.floor(opts.size ?? availableParallelism()));
    this.limits = opts.limits ?? {};
    resolveLimits(this.limits);
    this.workerURL = opts.workerURL ?? resolveWorkerURL();
    this.graceMs = opts.graceMs ?? 1_000;
    this.cpuTime = opts.cpuTime ?? false;
    for (let i = 0; i < this.size; i++) this.slots.push(this.spawn());
  }

  /** Traces one program (a source string or a full request). Never rejects for program faults. */
  trace(request: TraceRequest | string, limits?: TraceLimits): Promise<TraceResult> {
    const req: TraceRequest = typeof request === 'string' ? { source: request } : { ...request };
    req.limits = { ...this.limits, ...req.limits, ...limits };
    try {
      resolveLimits(req.limits);
    } catch (e) {
      return Promise.reject(new LmkitError('LMKIT_BAD_ARGUMENT', (e as Error).message));
    }
    if (this.closed) return Promise.reject(new LmkitError('LMKIT_POOL_CLOSED', 'the tracer pool is closed; create a new TracerPool'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: req, resolve, reject });
      this.pump();
    });
  }

  /** Resolves once every worker has loaded Pyodide (optional: `trace` waits by itself). */
  async ready(): Promise<void> {
    while (!this.slots.every((s) => s.ready)) {
      if (this.startError) throw this.startError;
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Runs the sandbox self-check on one idle worker (tests). */
  async selfCheck(): Promise<EngineSelfCheck> {
    await this.ready();
    const slot = this.slots.find((s) => !s.job) ?? this.slots[0]!;
    const id = this.nextId++;
    return new Promise((resolve) => {
      slot.checks.set(id, resolve);
      slot.worker.postMessage({ type: 'selfcheck', id } satisfies ToWorker);
    });
  }

  /** Stops every worker; queued programs are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.reject(new LmkitError('LMKIT_POOL_CLOSED', 'the tracer pool was closed'));
    for (const s of this.slots) {
      const job = s.job;
      this.finish(s);
      job?.reject(new LmkitError('LMKIT_POOL_CLOSED', 'the tracer pool was closed while the program ran'));
    }
    await Promise.all(this.slots.map((s) => this.kill(s)));
  }

  private spawn(): Slot {
    const control = new Int32Array(new SharedArrayBuffer(8));
    const worker = new Worker(this.workerURL, {
      workerData: { control: control.buffer, cpuTime: this.cpuTime },
      env: {},
      argv: [],
      execArgv: [],
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: 512 },
    });
    worker.stdout.resume();
    worker.stderr.resume();
    const slot: Slot = { worker, control, ready: false, checks: new Map() };
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    worker.on('error', (e) => this.onExit(slot, e));
    worker.on('exit', () => this.onExit(slot));
    return slot;
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    if (m.type === 'ready') {
      slot.ready = true;
      this.pump();
    } else if (m.type === 'failed') {
      this.startError = new LmkitError('LMKIT_TRACE_WORKER', `the tracer worker could not start Pyodide: ${m.message}`);
      for (const j of this.queue.splice(0)) j.reject(this.startError);
    } else if (m.type === 'selfcheck') {
      slot.checks.get(m.id)?.(m.check);
      slot.checks.delete(m.id);
    } else if (m.type === 'result' && slot.job?.id === m.id) {
      const job = slot.job;
      this.finish(slot);
      job.resolve(m.result);
      if (m.recycle) this.replace(slot);
      this.pump();
    }
  }

  private onExit(slot: Slot, err?: unknown): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    const job = slot.job;
    this.finish(slot);
    if (job) {
      const oom = (err as { code?: string } | undefined)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      job.resolve({
        ok: false,
        error: oom
          ? { kind: 'memory', message: 'the program exhausted the worker memory' }
          : { kind: 'python', message: `the sandbox worker stopped while running the program${err instanceof Error ? `: ${err.message}` : ''}` },
      });
    }
    if (!this.closed) {
      this.slots[i] = this.spawn();
    } else {
      this.slots.splice(i, 1);
    }
    this.pump();
  }

  private finish(slot: Slot): void {
    for (const t of slot.job?.timers ?? []) clearTimeout(t);
    slot.job = undefined;
  }

  private replace(slot: Slot): void {
    const i = this.slots.indexOf(slot);
    if (i < 0) return;
    this.slots[i] = this.spawn();
    slot.worker.removeAllListeners('exit');
    void this.kill(slot);
  }

  private async kill(slot: Slot): Promise<void> {
    slot.worker.removeAllListeners('exit');
    slot.worker.removeAllListeners('error');
    slot.worker.on('error', () => {});
    await slot.worker.terminate();
  }

  private pump(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.job) continue;
      const job = this.queue.shift()!;
      const id = this.nextId++;
      const limits = resolveLimits(job.request.limits);
      Atomics.store(slot.control, CONTROL_SIGNAL, 0);
      Atomics.store(slot.control, CONTROL_REASON, 0);
      const timers: Array<ReturnType<typeof setTimeout>> = [];
      slot.job = { ...job, id, timers };
      const interrupt = (): void => {
        Atomics.store(slot.control, CONTROL_REASON, REASON_TIMEOUT);
        Atomics.store(slot.control, CONTROL_SIGNAL, SIGINT);
      };
      timers.push(setTimeout(interrupt, limits.timeoutMs));
      // A program may catch KeyboardInterrupt: keep interrupting, then kill the worker.
      for (let t = 100; t < this.graceMs; t += 100) timers.push(setTimeout(interrupt, limits.timeoutMs + t));
      timers.push(
        setTimeout(() => {
          if (slot.job?.id !== id) return;
          this.finish(slot);
          job.resolve({ ok: false, error: { kind: 'timeout', message: `the program ran longer than ${limits.timeoutMs} ms` } });
          this.replace(slot);
          this.pump();
        }, limits.timeoutMs + this.graceMs),
      );
      slot.worker.postMessage({ type: 'trace', id, request: job.request } satisfies ToWorker);
    }
  }
}

/**
 * The tracer engine that runs inside a worker (Node `worker_threads` or a browser Web Worker):
 * one Pyodide, hardened once, then reused for many programs. Browser-safe: the worker passes in
 * the loaded Pyodide.
 */
import type { PyodideAPI } from 'pyodide';
import { installPythonModule } from '../python/install.js';
import { ENCODER_PY, PROGRAM_IO_PY, SANDBOX_PY, TRACER_PY } from '../python/sources.gen.js';
import { lineSteps } from '../tracer/line-steps.js';
import { EMPTY_STREAM } from '../tracer/stream.js';
import type { RawTraceResult, TraceResult } from '../tracer/types.js';
import { resolveLimits, type TraceErrorKind, type TraceRequest } from './limits.js';

/** Slots of the shared control array: `[signal, reason]`. Signal 2 = SIGINT (KeyboardInterrupt). */
export const CONTROL_SIGNAL = 0;
export const CONTROL_REASON = 1;
/** Why the host interrupted the program. */
export const REASON_NONE = 0;
export const REASON_TIMEOUT = 1;
export const REASON_OUTPUT = 2;
export const SIGINT = 2;

/** Options for {@link loadPyodide} that keep the host out of reach. */
export function sandboxLoadOptions(indexURL?: string): Record<string, unknown> {
  const quiet = (): void => {};
  return {
    ...(indexURL ? { indexURL } : {}),
    // `import js` would otherwise see the worker's globalThis (process, require, fetch …).
    jsglobals: Object.create(null) as object,
    env: { HOME: '/home/pyodide' },
    args: [],
    stdout: quiet,
    stderr: quiet,
    checkAPIVersion: true,
  };
}

/** Self-check numbers (used by the tests). */
export interface EngineSelfCheck {
  /** JsProxy objects referenced from the Python heap after hardening (must be 0). */
  reachableJsObjects: number;
  /** `typeof (function(){}).constructor` after hardening (must not be 'function'). */
  functionConstructor: string;
  /** Current wasm heap size in bytes. */
  heapBytes: number;
}

/** A hardened Pyodide that traces programs one at a time. */
export interface Engine {
  run(request: TraceRequest): TraceResult;
  selfCheck(): EngineSelfCheck;
  /** Current wasm heap size in bytes (it never shrinks). */
  heapBytes(): number;
  /** True once the interpreter hit a fatal error: the worker must be replaced. */
  readonly dead: boolean;
}

let memoryCap = Number.POSITIVE_INFINITY;
let growPatched = false;

/**
 * Caps every `WebAssembly.Memory.grow` in this realm at {@link memoryCap}: Emscripten's heap resize
 * fails, malloc returns NULL and Python raises MemoryError instead of taking the machine's memory.
 */
function patchMemoryGrow(): void {
  if (growPatched) return;
  growPatched = true;
  const proto = WebAssembly.Memory.prototype;
  const grow = proto.grow;
  Object.defineProperty(proto, 'grow', {
    value: function cappedGrow(this: WebAssembly.Memory, pages: number): number {
      if (this.buffer.byteLength + pages * 65536 > memoryCap) throw new RangeError('lmkit sandbox: memory limit');
      return grow.call(this, pages);
    },
    writable: false,
    configurable: false,
  });
}

/** Makes the Function constructors unreachable through any JS object's `constructor.constructor`. */
function poisonFunctionConstructors(): void {
  const samples = [function () {}, async function () {}, function* () {}, async function* () {}];
  for (const f of samples) {
    const proto = Object.getPrototypeOf(f) as object;
    Object.defineProperty(proto, 'constructor', { value: undefined, writable: false, configurable: false });
  }
}

/** Replaces the Pyodide API members that load code, mount host folders or fetch. */
function neuterApi(py: PyodideAPI): void {
  const refuse = (): never => {
    throw new Error('disabled in the lmkit sandbox');
  };
  const api = py as unknown as Record<string, unknown>;
  for (const name of ['runPython', 'runPythonAsync', 'loadPackage', 'loadPackagesFromImports', 'mountNodeFS', 'mountNativeFS',
    'pyimport', 'registerJsModule', 'unregisterJsModule', 'registerComlink', 'setStdin', 'setStdout', 'setStderr', 'unpackArchive']) {
    try {
      Object.defineProperty(api, name, { value: refuse, writable: false, configurable: false });
    } catch {
      /* read-only member: leave it */
    }
  }
  const fs = py.FS as unknown as { filesystems?: Record<string, unknown> };
  if (fs.filesystems) for (const k of Object.keys(fs.filesystems)) if (k !== 'MEMFS') delete fs.filesystems[k];
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** Poison the realm's Function constructors and the Pyodide API (default true; tests turn it off). */
  hardenRealm?: boolean;
  /**
   * This thread's CPU time, ms (the Node worker reads Linux's `/proc/thread-self/schedstat` when the
   * pool has `cpuTime`): when given, each trace carries `cpuMs`, the CPU time of the program's run,
   * which a loaded machine does not inflate the way it inflates `elapsedMs`.
   */
  cpuClock?: () => number;
}

/**
 * Hardens a freshly loaded Pyodide (see the package README, "Threat model") and returns the engine.
 * `control` is a shared `Int32Array(2)`: the host writes a reason and SIGINT to stop a program.
 */
export function createEngine(py: PyodideAPI, control: Int32Array, opts: EngineOptions = {}): Engine {
  patchMemoryGrow();
  let rawOut = 0;
  let rawLimit = Number.POSITIVE_INFINITY;
  const write = (buf: Uint8Array): number => {
    rawOut += buf.length;
    if (rawOut > rawLimit && Atomics.load(control, CONTROL_SIGNAL) === 0) {
      Atomics.store(control, CONTROL_REASON, REASON_OUTPUT);
      Atomics.store(control, CONTROL_SIGNAL, SIGINT);
    }
    return buf.length;
  };
  py.setStdout({ write });
  py.setStderr({ write });
  py.setStdin({ stdin: () => null });
  py.setInterruptBuffer(control);

  // The sandbox layer takes itself, the tracer, the encoder and the program's I/O module out of
  // sys.modules: this handle (kept for the engine's lifetime) is the only way in.
  installPythonModule(py, 'lmkit_io', PROGRAM_IO_PY);
  installPythonModule(py, 'lmkit_encoder', ENCODER_PY);
  installPythonModule(py, 'lmkit_tracer', TRACER_PY);
  type Starter = { (): unknown; destroy(): void };
  const sandbox = installPythonModule(py, 'lmkit_sandbox', SANDBOX_PY) as {
    begin(s: string): string | Starter;
    end(exc: unknown): string;
    reachable_js_objects(): number;
  };
  // The program is started from here, not from Python: its bottom frame has no caller of ours.
  // Only the program itself can be interrupted: an interrupt inside `begin` or `end` (the host keeps
  // signalling until it hears back) would leave the tracer's hooks half installed or half removed.
  const interruptible = (on: boolean): void => py.setInterruptBuffer((on ? control : undefined) as never);
  const cpuClock = opts.cpuClock;
  let cpuMs: number | undefined;
  const runJson = (s: string): string => {
    interruptible(false);
    cpuMs = undefined;
    const started = sandbox.begin(s);
    if (typeof started === 'string') return started;
    let exc: unknown;
    const cpu0 = cpuClock?.();
    try {
      interruptible(true);
      exc = started();
    } finally {
      interruptible(false);
      if (cpu0 !== undefined) cpuMs = cpuClock!() - cpu0;
      started.destroy();
    }
    try {
      return sandbox.end(exc ?? null);
    } finally {
      (exc as { destroy?: () => void } | undefined)?.destroy?.();
      interruptible(true);
    }
  };
  const reachable = (): number => sandbox.reachable_js_objects();
  if (opts.hardenRealm !== false) {
    neuterApi(py);
    poisonFunctionConstructors();
  }

  let dead = false;
  const heapBytes = (): number => (py as unknown as { _module: { HEAP8: Int8Array } })._module.HEAP8.buffer.byteLength;

  const run = (request: TraceRequest): TraceResult => {
    if (dead) return { ok: false, error: { kind: 'python', message: 'the interpreter is no longer usable; retry on a new worker' } };
    const limits = resolveLimits(request.limits);
    rawOut = 0;
    rawLimit = limits.maxOutputBytes;
    memoryCap = Math.max(limits.maxMemoryBytes, heapBytes());
    let raw: RawTraceResult;
    try {
      const req = {
        source: request.source,
        stdin: request.stdin ?? [],
        mode: request.mode ?? 'auto',
        maxSteps: limits.maxSteps,
        maxValueChars: limits.maxValueChars,
        maxOutputBytes: limits.maxOutputBytes,
        maxRecursionDepth: limits.maxRecursionDepth,
        countSteps: request.countSteps ?? 'lines',
        fullValues: request.fullValues ?? false,
      };
      raw = JSON.parse(runJson(JSON.stringify(req))) as RawTraceResult;
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      if (/KeyboardInterrupt/.test(msg)) {
        raw = { ok: false, mode: 'none', stream: EMPTY_STREAM, stdout: '', events: 0, error: { kind: 'interrupt', message: 'interrupted' }, exception: null };
      } else if (/MemoryError/.test(msg)) {
        raw = { ok: false, mode: 'none', stream: EMPTY_STREAM, stdout: '', events: 0, error: { kind: 'memory', message: 'MemoryError' }, exception: null };
      } else {
        dead = true;
        return { ok: false, error: { kind: 'python', message: `the interpreter failed: ${msg.slice(-500)}` } };
      }
    } finally {
      memoryCap = Number.POSITIVE_INFINITY;
      rawLimit = Number.POSITIVE_INFINITY;
    }
    const reason = Atomics.exchange(control, CONTROL_REASON, REASON_NONE);
    Atomics.store(control, CONTROL_SIGNAL, 0);
    const stream = raw.stream ?? EMPTY_STREAM;
    const trace = {
      source: request.source,
      stream,
      steps: lineSteps(stream, limits.maxValueChars),
      maxValueChars: limits.maxValueChars,
      stdout: raw.stdout,
      mode: raw.mode,
      events: raw.events,
      ...(raw.elapsed !== undefined ? { elapsedMs: raw.elapsed * 1000 } : {}),
      ...(cpuMs !== undefined ? { cpuMs } : {}),
      ...(raw.exception ? { exception: raw.exception } : {}),
    };
    if (raw.ok && raw.error === null) return { ok: true, trace };
    let kind = (raw.error?.kind ?? 'python') as TraceErrorKind | 'interrupt';
    let message = raw.error?.message ?? 'failed';
    const syntax = raw.error?.syntax;
    if (kind === 'interrupt' || reason !== REASON_NONE) {
      if (reason === REASON_OUTPUT) {
        kind = 'output';
        message = `the program wrote more than ${limits.maxOutputBytes} bytes of output`;
      } else if (kind === 'interrupt' || reason === REASON_TIMEOUT) {
        kind = 'timeout';
        message = `the program ran longer than ${limits.timeoutMs} ms`;
      }
    }
    if (kind === 'memory' && !message.startsWith('the program')) message = `the program needed more than ${limits.maxMemoryBytes} bytes of memory (${message})`;
    if (kind === 'recursion' && !message.startsWith('the program')) message = `the program nested calls deeper than ${limits.maxRecursionDepth} (${message})`;
    const error = { kind: kind as TraceErrorKind, message, ...(syntax ? { syntax } : {}) };
    return stream.events.length > 0 || trace.stdout ? { ok: false, error, trace } : { ok: false, error };
  };

  return {
    run,
    heapBytes,
    selfCheck: () => ({ reachableJsObjects: reachable(), functionConstructor: typeof (function () {}).constructor, heapBytes: heapBytes() }),
    get dead() {
      return dead;
    },
  };
}

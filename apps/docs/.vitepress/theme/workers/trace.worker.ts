/// <reference lib="webworker" />
/**
 * Web Worker that runs Python programs in Pyodide for the trace stepper. Pyodide is loaded once from
 * the site's own copy (indexURL) with an empty `jsglobals`, and interrupted through a shared buffer
 * when the page's time limit passes (the page terminates the worker if that does not stop it).
 */
import { TRACER_PY } from './tracer.py.js';

interface PyodideLike {
  runPython(code: string): unknown;
  setInterruptBuffer(buf: Int32Array): void;
  globals: { get(name: string): ((...args: unknown[]) => string) & { destroy?: () => void } };
}

let py: PyodideLike | null = null;
let interrupt: Int32Array | null = null;

const post = (m: unknown) => (self as unknown as DedicatedWorkerGlobalScope).postMessage(m);

self.onmessage = async (ev: MessageEvent) => {
  const msg = ev.data as
    | { type: 'init'; indexURL: string; interrupt?: SharedArrayBuffer }
    | { type: 'run'; id: number; source: string; maxSteps: number; maxOutput: number };
  if (msg.type === 'init') {
    try {
      const mod = (await import(/* @vite-ignore */ `${msg.indexURL}pyodide.mjs`)) as {
        loadPyodide(o: Record<string, unknown>): Promise<PyodideLike>;
      };
      py = await mod.loadPyodide({ indexURL: msg.indexURL, jsglobals: {}, stdout: () => {}, stderr: () => {} });
      if (msg.interrupt) {
        interrupt = new Int32Array(msg.interrupt);
        py.setInterruptBuffer(interrupt);
      }
      py.runPython(TRACER_PY);
      post({ type: 'ready' });
    } catch (e) {
      post({ type: 'fatal', message: `Pyodide failed to start: ${(e as Error).message}` });
    }
    return;
  }
  if (!py) {
    post({ type: 'result', id: msg.id, error: 'Pyodide is not loaded', steps: [], truncated: false });
    return;
  }
  if (interrupt) interrupt[0] = 0;
  const fn = py.globals.get('_lmkit_trace');
  try {
    const json = fn(msg.source, msg.maxSteps, msg.maxOutput);
    post({ type: 'result', id: msg.id, ...(JSON.parse(json) as object) });
  } catch (e) {
    post({ type: 'result', id: msg.id, error: (e as Error).message, steps: [], truncated: false });
  } finally {
    fn.destroy?.();
  }
};

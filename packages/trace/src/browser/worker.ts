/**
 * Web Worker entry of the browser tracer (module worker). The page sends `{ type: 'init', indexURL,
 * control }` once, then trace requests. Pyodide is imported from `indexURL` (served by the page
 * itself, no CDN) with the same sandbox options and hardening as in Node.
 */
import { createEngine, sandboxLoadOptions, type Engine } from '../sandbox/engine.js';
import type { FromWorker, ToWorker } from '../sandbox/protocol.js';

/** The init message (before any {@link ToWorker}). */
export interface BrowserInit {
  type: 'init';
  indexURL: string;
  control: SharedArrayBuffer | ArrayBuffer;
}

interface WorkerScope {
  postMessage(m: FromWorker): void;
  addEventListener(type: 'message', fn: (ev: { data: ToWorker | BrowserInit }) => void): void;
}

const scope = globalThis as unknown as WorkerScope;
let engine: Engine | undefined;

async function init(msg: BrowserInit): Promise<void> {
  try {
    const base = msg.indexURL.endsWith('/') ? msg.indexURL : `${msg.indexURL}/`;
    const mod = (await import(/* @vite-ignore */ `${base}pyodide.mjs`)) as { loadPyodide(o: object): Promise<never> };
    const py = await mod.loadPyodide(sandboxLoadOptions(base));
    engine = createEngine(py, new Int32Array(msg.control));
    for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest', 'importScripts']) Reflect.deleteProperty(globalThis, name);
    scope.postMessage({ type: 'ready' });
  } catch (e) {
    scope.postMessage({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}

scope.addEventListener('message', (ev) => {
  const msg = ev.data;
  if (msg.type === 'init') {
    void init(msg);
    return;
  }
  if (!engine) return;
  if (msg.type === 'selfcheck') {
    scope.postMessage({ type: 'selfcheck', id: msg.id, check: engine.selfCheck() });
    return;
  }
  const result = engine.run(msg.request);
  scope.postMessage({ type: 'result', id: msg.id, result, recycle: engine.dead || engine.heapBytes() > 256 * 2 ** 20 });
});

/**
 * worker_threads entry: loads one Pyodide with the sandbox options, hardens it and traces the
 * programs the pool sends. Only strings cross the boundary: no host object reaches Pyodide.
 */
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { loadPyodide } from 'pyodide';
import { createEngine, sandboxLoadOptions } from '../sandbox/engine.js';
import type { FromWorker, ToWorker } from '../sandbox/protocol.js';

const port = parentPort;
if (!port) throw new Error('@lmkit/trace worker must run in a worker thread');
const post = (m: FromWorker): void => port.postMessage(m);

try {
  const control = new Int32Array((workerData as { control: SharedArrayBuffer }).control);
  const py = await loadPyodide(sandboxLoadOptions() as never);
  const engine = createEngine(py, control, (workerData as { cpuTime?: boolean }).cpuTime ? threadCpuClock() : {});
  // The worker's own `fetch` is not needed after loading; drop it so no path leads to the network.
  for (const name of ['fetch', 'WebSocket', 'EventSource', 'XMLHttpRequest']) Reflect.deleteProperty(globalThis, name);
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'selfcheck') {
      post({ type: 'selfcheck', id: msg.id, check: engine.selfCheck() });
      return;
    }
    const result = engine.run(msg.request);
    const heap = engine.heapBytes();
    // A program that grew the heap near its cap leaves it grown (wasm memory never shrinks): recycle.
    post({ type: 'result', id: msg.id, result, recycle: engine.dead || heap > 256 * 2 ** 20 });
  });
  post({ type: 'ready' });
} catch (e) {
  post({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
}

/**
 * This thread's CPU time in ms from Linux's scheduler statistics (nanoseconds on the CPU), where
 * readable. The kernel adds a running thread's time to that counter only when it is switched out or
 * at a timer tick, so a sleep of 0.1 ms comes first: the reading is then exact to a few microseconds.
 */
function threadCpuClock(): { cpuClock?: () => number } {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const read = (): number => {
    Atomics.wait(nap, 0, 0, 0.1);
    return Number(readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ', 1)[0]) / 1e6;
  };
  try {
    return Number.isFinite(read()) ? { cpuClock: read } : {};
  } catch {
    return {};
  }
}

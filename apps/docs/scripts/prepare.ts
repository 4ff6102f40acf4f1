/**
 * Everything the site needs before `vitepress dev|build`: vendor files (Pyodide, tfjs wasm), the demo
 * retrieval index, and the generated CLI and API references. `--fast` skips the API reference.
 */
import { copyVendor } from './copy-vendor.js';
import { buildRetrievalIndex } from './retrieval-index.js';
import { writeCliReference } from './cli-reference.js';
import { writeApiReference } from './api-reference.js';

async function step<T>(label: string, fn: () => T | Promise<T>): Promise<void> {
  const t0 = performance.now();
  const result = await fn();
  console.log(`docs: ${label} ${JSON.stringify(result)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const fast = process.argv.includes('--fast');
await step('vendor files', () => {
  const v = copyVendor();
  return { pyodide: v.pyodide.length, tfjs: v.tfjs.length };
});
await step('retrieval index', buildRetrievalIndex);
await step('CLI reference', writeCliReference);
if (!fast) await step('API reference', writeApiReference);
// Command modules may leave handles (tfjs, workers) open; the work is done.
process.exit(0);

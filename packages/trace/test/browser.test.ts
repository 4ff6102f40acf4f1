/**
 * The browser export in a real Chromium (Debian's /usr/bin/chromium through playwright-core): a
 * cross-origin-isolated page serves Pyodide itself and traces through `createBrowserTracer`.
 * Skipped when Chromium is not installed.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toTutor } from '../src/format/tutor.js';
import { TracerPool } from '../src/node/pool.js';

const CHROMIUM = '/usr/bin/chromium';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.zip': 'application/zip',
  '.html': 'text/html',
};
// The page side needs LmkitError only; a stub keeps tfjs out of this test page (a bundler resolves it for real pages).
const STUB = 'export class LmkitError extends Error { constructor(code, message) { super(message); this.code = code; } }\n';
// One program for the Node/browser comparison: calls, a closure, a class, an exception, output.
const SAME = 'def make(k):\n    def add(x):\n        return x + k\n    return add\nclass P:\n    def __init__(self):\n        self.v = [1.0, 2.5]\np = P()\ninc = make(2)\nfor i in range(2):\n    print(inc(i))\ntry:\n    1 / 0\nexcept ZeroDivisionError as e:\n    m = str(e)\n';
const PAGE = `<!doctype html><script type="importmap">{"imports":{"@lmkit/tensor":"/stub-tensor.js"}}</script>
<script type="module">
import { createBrowserTracer, toTutor, traceToCodeExecutorText } from '/dist/browser/index.js';
const tracer = createBrowserTracer({ indexURL: '/pyodide/' });
window.runAll = async () => {
  const out = {};
  const same = await tracer.trace({ source: ${JSON.stringify(SAME)}, countSteps: 'tutor', fullValues: true });
  out.same = { stream: same.trace.stream, steps: same.trace.steps, tutor: toTutor(same, ${JSON.stringify(SAME)}) };
  const ok = await tracer.trace("s = ['x', 'y']\\nprint(len(s))\\n");
  out.ok = ok.ok ? traceToCodeExecutorText(ok.trace) : ok.error;
  const loop = await tracer.trace({ source: 'while True:\\n    pass\\n', limits: { timeoutMs: 500, maxSteps: 1e9 } });
  out.loop = loop.ok ? 'ok' : loop.error.kind;
  const esc = await tracer.trace('import js\\nprint(js.document)\\n');
  out.escape = esc.ok ? 'ok' : esc.error.kind;
  const after = await tracer.trace('a = 1\\nb = a + 1\\n');
  out.after = after.ok ? after.trace.steps[1].state : after.error;
  out.isolated = crossOriginIsolated;
  tracer.dispose();
  return out;
};
</script>`;

let server: Server;
let port = 0;
beforeAll(async () => {
  server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let file: string | undefined;
    let body: string | Buffer | undefined;
    if (url.pathname === '/') body = PAGE;
    else if (url.pathname === '/stub-tensor.js') body = STUB;
    else if (url.pathname.startsWith('/pyodide/')) file = join(root, 'node_modules/pyodide', normalize(url.pathname.slice(9)));
    else if (url.pathname.startsWith('/dist/')) file = join(root, 'dist', normalize(url.pathname.slice(6)));
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
    try {
      if (file) body = await readFile(file);
      res.setHeader('Content-Type', TYPES[extname(file ?? '.html')] ?? (url.pathname === '/' ? 'text/html' : 'text/javascript'));
      res.end(body);
    } catch {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

describe.skipIf(!existsSync(CHROMIUM))('@lmkit/trace/browser in Chromium', () => {
  it('traces, stops an endless loop, refuses `import js`, and keeps serving', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const logs: string[] = [];
      page.on('console', (m) => logs.push(m.text()));
      page.on('pageerror', (e) => logs.push(e.message));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page
        .waitForFunction(() => typeof (window as unknown as { runAll?: unknown }).runAll === 'function', undefined, { timeout: 20_000 })
        .catch((e: Error) => {
          throw new Error(`${e.message}\npage said: ${logs.join('\n')}`);
        });
      const out = await page.evaluate(() => (window as unknown as { runAll: () => Promise<Record<string, unknown>> }).runAll());
      expect(out.isolated).toBe(true);
      expect(out.ok).toBe('<line> <0> <state> s : [ x , y ] </state> <output> 2 <line> <1> <state> s : [ x , y ] </state>');
      expect(out.loop).toBe('timeout');
      expect(out.escape).toBe('forbidden');
      expect(out.after).toEqual({ a: '1', b: '2' });
      // The same program traced in Node gives the same stream, steps and Python Tutor JSON.
      const pool = new TracerPool({ size: 1 });
      try {
        const r = await pool.trace({ source: SAME, countSteps: 'tutor', fullValues: true });
        expect(r.ok).toBe(true);
        const node = { stream: r.trace!.stream, steps: r.trace!.steps, tutor: toTutor(r, SAME) };
        expect(JSON.stringify(out.same)).toBe(JSON.stringify(node));
        expect(node.tutor.trace.length).toBeGreaterThan(20);
      } finally {
        await pool.close();
      }
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/**
 * Shared pieces of the tracer benchmarks: the program sets, the native-CPython runner of the same
 * tracer source, and small timing helpers. Run the benchmarks from the repo root with
 *   npx tsx --conditions @lmkit/source bench/trace-<name>.ts
 * (build @lmkit/trace first: the pool's worker runs from packages/trace/dist).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENCODER_PY, extractTutorialPool, PROGRAM_IO_PY, singleLineProgram, TRACER_PY } from '@lmkit/trace';

/** Debian's CPython (the baseline the issue names); falls back to the first python3 on PATH. */
export function nativePython(): { path: string; note: string } {
  if (existsSync('/usr/bin/python3')) return { path: '/usr/bin/python3', note: '/usr/bin/python3' };
  return { path: 'python3', note: 'python3 on PATH (no /usr/bin/python3 here)' };
}

/**
 * Writes the tracer's modules and a script that runs its `run()` on the JSON request read from stdin.
 * Given `{ requests, reps }` instead, it runs every request `reps` times (in turn, interleaved) and
 * prints one `{ ok, cpu, elapsed, events }` per request: its fastest run by CPU time (seconds).
 */
export function writeNativeRunner(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lmkit-trace-bench-'));
  writeFileSync(join(dir, 'lmkit_io.py'), PROGRAM_IO_PY);
  writeFileSync(join(dir, 'lmkit_encoder.py'), ENCODER_PY);
  writeFileSync(join(dir, 'lmkit_tracer.py'), TRACER_PY);
  const file = join(dir, 'runner.py');
  writeFileSync(
    file,
    `import sys, json\nsys.path.insert(0, ${JSON.stringify(dir)})\nfrom lmkit_tracer import run\n\n${BEST_OF_PY}\nif __name__ == '__main__':\n    req = json.loads(sys.stdin.read())\n    sys.stdout.write(json.dumps(best_of(req) if 'requests' in req else run(req)))\n`,
  );
  return file;
}

const BEST_OF_PY = `def best_of(req):
    best = [None] * len(req['requests'])
    for _ in range(req['reps']):
        for i, r in enumerate(req['requests']):
            res = run(r)
            cur = {'ok': res['ok'], 'cpu': res['cpu'], 'elapsed': res.get('elapsed'), 'events': res['events']}
            if best[i] is None or cur['cpu'] < best[i]['cpu']:
                best[i] = cur
    return best
`;

/** Runs one request in a fresh native process with a timeout (the usual sandboxed way). */
export function runNative(python: string, runner: string, request: object, timeoutMs: number): Promise<{ ok: boolean; result?: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const child = spawn(python, ['-I', '-S', runner], { stdio: ['pipe', 'pipe', 'ignore'], timeout: timeoutMs, killSignal: 'SIGKILL' });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.on('close', (code) => {
      try {
        resolve({ ok: code === 0, result: JSON.parse(out) as Record<string, unknown> });
      } catch {
        resolve({ ok: false });
      }
    });
    child.stdin.end(JSON.stringify(request));
  });
}

/** Runs `items` through `fn` with `limit` in flight. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T);
      }
    }),
  );
  return out;
}

/** SingleLine programs 0…n-1 (seed 1) and the Tutorial pool (from a throw-away in-process Pyodide). */
export async function programSets(nSingle: number): Promise<{ singleline: string[]; tutorial: string[] }> {
  const singleline = Array.from({ length: nSingle }, (_, i) => singleLineProgram(1, i).source);
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide();
  const tutorial = extractTutorialPool(py).programs.map((p) => p.source);
  return { singleline, tutorial };
}

export const fmt = (x: number, d = 2): string => x.toFixed(d);

/** The value after `--name` on the command line, or undefined. */
export function argFlag(name: string): string | undefined {
  const argv = process.argv.slice(2);
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Result of one spawned `lmkit` process. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const require = createRequire(import.meta.url);
const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url));
const TSX = pathToFileURL(require.resolve('tsx')).href;

/** The command line that runs the CLI from its sources (node, tsx, `src/bin.ts`) with `args`. */
export function cliCommand(args: readonly string[]): { exec: string; args: string[] } {
  return { exec: process.execPath, args: ['--conditions', '@lmkit/source', '--import', TSX, BIN, ...args] };
}

/**
 * Spawns the real CLI (`src/bin.ts` through tsx, packages resolved from their sources)
 * with `args`, no stdin and no TTY, and collects its exit code and output. `onSpawn` gets the child
 * process (e.g. to kill it mid-run).
 */
export function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined>; onSpawn?: (child: ChildProcess) => void } = {}): Promise<CliRun> {
  const env: Record<string, string | undefined> = { ...process.env, LMKIT_BACKEND: undefined, NODE_OPTIONS: undefined, ...options.env };
  for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
  return new Promise((resolve, reject) => {
    const cmd = cliCommand(args);
    const child = spawn(cmd.exec, cmd.args, {
      cwd: options.cwd,
      env: env as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    options.onSpawn?.(child);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs `jobs` with at most `limit` in flight (the CI machine has 2 cores). */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

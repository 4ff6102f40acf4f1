import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** How to start the `lmkit` CLI as a child process: the Node binary and the arguments before the command's own. */
export interface CliLauncher {
  exec: string;
  args: string[];
}

const fromSource = import.meta.url.endsWith('.ts');
const sibling = (path: string) => fileURLToPath(new URL(`${path}${fromSource ? '.ts' : '.js'}`, import.meta.url));

/**
 * The launcher for the CLI this process runs: the same Node flags (so a worker started from the
 * sources through tsx starts its commands the same way), the orphan guard, then `bin.js`.
 */
export function currentCliLauncher(): CliLauncher {
  return { exec: process.execPath, args: [...process.execArgv, '--import', pathToFileURL(sibling('./orphan-guard')).href, sibling('../bin')] };
}

/** Outcome of one child command. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The last lines the command wrote on stderr (its `lmkit: …` error line, if any). */
  stderrTail: string[];
  pid: number | undefined;
}

/** Options of {@link runCliChild}. */
export interface RunChildOptions {
  launcher?: CliLauncher;
  /** Aborting kills the command (SIGTERM, then SIGKILL after 5 s). */
  signal?: AbortSignal;
  /** Called once the child has started. */
  onStart?: (pid: number | undefined) => void;
}

/**
 * Runs `lmkit <args>` in a child process with an IPC channel (the orphan guard watches it), its
 * stdout discarded and the tail of its stderr kept. Resolves when it exits.
 */
export function runCliChild(args: readonly string[], options: RunChildOptions = {}): Promise<ChildResult> {
  const launcher = options.launcher ?? currentCliLauncher();
  return new Promise((resolve, reject) => {
    const child = spawn(launcher.exec, [...launcher.args, ...args], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, FORCE_COLOR: '0' } });
    options.onStart?.(child.pid);
    const tail: string[] = [];
    let partial = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) if (l.trim() !== '') tail.push(l);
      tail.splice(0, Math.max(0, tail.length - 20));
    });
    let killTimer: NodeJS.Timeout | undefined;
    const abort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
    };
    options.signal?.addEventListener('abort', abort, { once: true });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      options.signal?.removeEventListener('abort', abort);
      if (partial.trim() !== '') tail.push(partial);
      resolve({ code, signal, stderrTail: tail, pid: child.pid });
    });
  });
}

/** The one-line reason a child failed: its last `lmkit: …` line (prefix removed), else its exit status. */
export function childFailure(r: ChildResult): string {
  const line = [...r.stderrTail].reverse().find((l) => l.startsWith('lmkit: '));
  if (line) return line.slice('lmkit: '.length);
  return r.signal ? `the command was killed by ${r.signal}` : `the command exited with code ${r.code}${r.stderrTail.length ? `: ${r.stderrTail.at(-1)}` : ''}`;
}

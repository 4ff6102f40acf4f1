import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { childFailure, runCliChild, type CliLauncher } from './cli-child.js';
import { JOB_KINDS, type JobKind } from './kinds.js';
import { concatFiles, mergeByPosition } from './merge-files.js';
import { partFile, shardArgs, shardFile, type Submission } from './submission.js';

/** The data of every queued job. */
export interface JobData {
  submission: Submission;
  /** Shard number (1-based); absent on the merge job. */
  shard?: number;
}

/** What a finished job returns (kept by BullMQ as the job's return value). */
export interface JobResult {
  file: string;
  bytes: number;
}

/** Options of {@link runShard} and {@link runMerge}. */
export interface RunJobOptions {
  /** Aborted when the worker loses the job (its lock) or shuts down: the command is killed. */
  signal?: AbortSignal;
  launcher?: CliLauncher;
  /** Called with the pid of each command started. */
  onChild?: (pid: number | undefined) => void;
}

function kindOf(sub: Submission): JobKind {
  const kind = JOB_KINDS[sub.kind];
  if (!kind) throw new Error(`unknown job kind "${sub.kind}": this worker is older than the submitter; update lmkit on the worker`);
  return kind;
}

async function runCommand(args: string[], options: RunJobOptions): Promise<void> {
  const r = await runCliChild(args, { ...(options.launcher ? { launcher: options.launcher } : {}), ...(options.signal ? { signal: options.signal } : {}), onStart: options.onChild });
  if (options.signal?.aborted) throw new Error(`cancelled: ${String(options.signal.reason ?? 'the worker lost the job')}`);
  if (r.code !== 0) throw new Error(childFailure(r));
}

/** Renames `from` to `to`; a missing `from` is not an error. */
async function renameIfPresent(from: string, to: string): Promise<void> {
  await rename(from, to).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}

/** Flushes `file` to disk. */
async function fsync(file: string): Promise<void> {
  const fh = await open(file, 'r+');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Checks an appended JSONL shard before it is renamed into place: every line is JSON with an
 * `index` above the previous one. Two writers on one `.part` file (a worker that lost its job but
 * kept writing) break this; the file is then removed so the next attempt starts clean.
 */
export async function checkAppendedShard(file: string): Promise<void> {
  const problem = firstProblem(await readFile(file, 'utf8'));
  if (problem === null) return;
  await rm(file, { force: true });
  throw new Error(`${file}: ${problem}; the part file was removed and the shard is rebuilt on the next attempt`);
}

function firstProblem(text: string): string | null {
  const lines = text.split('\n');
  let last = -Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === '' && i === lines.length - 1) break;
    let index: unknown;
    try {
      index = (JSON.parse(line) as { index?: unknown }).index;
    } catch {
      index = undefined;
    }
    if (typeof index !== 'number' || !(index > last)) return `line ${i + 1} is not a record after index ${last}`;
    last = index;
  }
  return null;
}

/**
 * Runs shard `k` of a submission: the shard command writes its file into `FILE.shards/` (an
 * appending command into a `.part` file that resumes after a kill, checked, flushed and renamed when
 * complete; the others write atomically themselves). Running it again gives the same bytes.
 */
export async function runShard(sub: Submission, k: number, options: RunJobOptions = {}): Promise<JobResult> {
  const kind = kindOf(sub);
  const file = shardFile(sub, k);
  await mkdir(dirname(file), { recursive: true });
  const target = kind.appendsInPlace ? partFile(sub, k) : file;
  await runCommand(shardArgs(sub, kind, k, target), options);
  if (kind.appendsInPlace) {
    await checkAppendedShard(target);
    await fsync(target);
    await rename(target, file);
    // After the shard file: a retry after a crash here rebuilds the part and its sidecars afresh.
    for (const suffix of kind.sidecars) await renameIfPresent(target + suffix, file + suffix);
  }
  return { file, bytes: (await stat(file)).size };
}

/** Merges the shard files of a submission into its output file, atomically. */
export async function runMerge(sub: Submission, options: RunJobOptions = {}): Promise<JobResult> {
  const kind = kindOf(sub);
  const files = Array.from({ length: sub.shards }, (_, i) => shardFile(sub, i + 1));
  for (const f of files) {
    await stat(f).catch(() => {
      throw new Error(`shard file ${f} is missing although its job completed: is FILE.shards/ on a mount every worker sees?`);
    });
  }
  if (kind.merge === 'concat') {
    await concatFiles(files, sub.out);
    for (const suffix of kind.sidecars) {
      const parts = files.map((f) => f + suffix);
      const all = (await Promise.all(parts.map((f) => stat(f).then(() => true, () => false)))).every(Boolean);
      // A shard without it (built by an older lmkit): none, rather than one that misses some.
      if (all) await concatFiles(parts, sub.out + suffix);
      else await rm(sub.out + suffix, { force: true });
    }
  }
  else if (kind.merge === 'by-position') await mergeByPosition(files, sub.out);
  else await runCommand([...sub.globals, 'picl', 'index', 'merge', '--out', sub.out, ...files], options);
  return { file: sub.out, bytes: (await stat(sub.out)).size };
}

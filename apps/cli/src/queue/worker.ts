import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { connectRedis, type QueueAddress } from './redis.js';
import { runMerge, runShard, type JobData, type JobResult } from './run-job.js';
import { QUEUE_NAME } from './submit.js';
import type { CliLauncher } from './cli-child.js';

/** Options of {@link startWorker}. */
export interface WorkerOptions {
  /** Jobs run at once (each in its own `lmkit` process). Default 1. */
  concurrency?: number;
  /**
   * Job lock in ms (default 30000): a worker renews it every half of this; when a worker dies, its
   * job is handed to another within about twice this (the stalled-job check runs this often).
   */
  lockMs?: number;
  /** Shown in `queue status` as the worker of a job. Default `host:pid`. */
  name?: string;
  /** Where the worker reports what it does (one line each). */
  log: (line: string) => void;
  launcher?: CliLauncher;
}

/** A running worker. */
export interface RunningWorker {
  name: string;
  /** Stops taking jobs and waits for the running ones (`force`: kills their commands first). */
  close(force?: boolean): Promise<void>;
}

/** How many times a job may be taken back from a dead worker before it counts as failed. */
const MAX_STALLS = 2;

function describe(job: Job<JobData>): string {
  const s = job.data.submission;
  return job.data.shard ? `${s.id} shard ${job.data.shard}/${s.shards}` : `${s.id} merge`;
}

/**
 * Starts a BullMQ worker on `address` that runs lmkit's shard and merge jobs. Each job runs its
 * `lmkit` command in a child process, so the worker keeps renewing its job locks while the command
 * works; a job whose lock is lost (e.g. Redis was away too long and another worker took it over) has
 * its command killed. Redis going away is waited out: the worker reconnects and carries on.
 */
export function startWorker(address: QueueAddress, options: WorkerOptions): RunningWorker {
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const lockMs = options.lockMs ?? 30_000;
  const log = (line: string) => options.log(`lmkit worker ${name}: ${line}`);
  const connection = connectRedis(address, 'worker');
  let connected = true;
  connection.on('error', (e: Error) => {
    if (connected) log(`lost Redis at ${address.display} (${e.message}); reconnecting`);
    connected = false;
  });
  connection.on('ready', () => {
    if (!connected) log(`reconnected to Redis at ${address.display}`);
    connected = true;
  });

  const processor = async (job: Job<JobData>, _token: string | undefined, signal?: AbortSignal): Promise<JobResult> => {
    const what = describe(job);
    const started = performance.now();
    const run = { ...(signal ? { signal } : {}), ...(options.launcher ? { launcher: options.launcher } : {}), onChild: (pid: number | undefined) => log(`${what}: started (attempt ${job.attemptsMade + 1} of ${job.opts.attempts ?? 1}, command pid ${pid})`) };
    const result = job.data.shard ? await runShard(job.data.submission, job.data.shard, run) : await runMerge(job.data.submission, run);
    log(`${what}: done in ${((performance.now() - started) / 1000).toFixed(1)} s → ${result.file}`);
    return result;
  };

  const worker = new Worker<JobData, JobResult>(QUEUE_NAME, processor, {
    connection,
    concurrency: options.concurrency ?? 1,
    lockDuration: lockMs,
    stalledInterval: lockMs,
    maxStalledCount: MAX_STALLS,
    name,
  });
  worker.on('failed', (job, e) => {
    if (job) log(`${describe(job)}: failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${e.message}`);
  });
  worker.on('lockRenewalFailed', (ids) => {
    for (const id of ids) if (worker.cancelJob(id, 'lost the job lock to another worker')) log(`${id}: lost its lock; command stopped`);
  });
  worker.on('error', (e) => {
    if (connected) log(`error: ${e.message}`);
  });
  log(`waiting for jobs on ${address.display} (concurrency ${options.concurrency ?? 1})`);

  return {
    name,
    async close(force = false) {
      if (force) {
        // Kill the commands; do not wait on Redis (it may be the thing that is gone).
        worker.cancelAllJobs('the worker is shutting down');
        await Promise.race([worker.close(true), new Promise((r) => setTimeout(r, 2000).unref())]);
        connection.disconnect();
        return;
      }
      await worker.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}

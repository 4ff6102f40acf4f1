import { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { LmkitError } from '@lmkit/tensor';
import type { JobData } from './run-job.js';
import { QUEUE_NAME, SUBMISSIONS_KEY } from './submit.js';
import { jobIds, shardFile, type Submission } from './submission.js';

/** A job's state in words: BullMQ's states folded into what a user acts on. */
export type JobStateName = 'waiting' | 'running' | 'retrying' | 'done' | 'failed' | 'missing';

/** One shard (or the merge) in {@link SubmissionStatus}. */
export interface JobStatus {
  state: JobStateName;
  /** Times a worker started it (a stalled start counts too). */
  attempts: number;
  /** Times the stalled-job check took it back from a worker that stopped renewing its lock. */
  stalls: number;
  /** The worker that last took it (`host:pid` unless named with `--name`). */
  worker: string | null;
  /** Why the last attempt failed, when it did. */
  error: string | null;
  /** The file it writes. */
  file: string;
}

/** Everything `lmkit queue status` shows about one submission. */
export interface SubmissionStatus {
  queue: string;
  id: string;
  kind: string;
  out: string;
  submittedAt: string;
  /** Shard counts by state. */
  counts: Record<JobStateName, number>;
  shards: Array<JobStatus & { shard: number }>;
  merge: JobStatus;
  /** True once the merge job has written the output file. */
  done: boolean;
  /** True once a shard or the merge failed all its attempts (the output will not be written). */
  failed: boolean;
  /** The first failure's reason, e.g. `shard 3: index file … does not exist`. */
  error: string | null;
}

function stateName(state: string): JobStateName {
  if (state === 'completed') return 'done';
  if (state === 'failed') return 'failed';
  if (state === 'active') return 'running';
  if (state === 'delayed') return 'retrying';
  if (state === 'unknown') return 'missing';
  return 'waiting'; // waiting, prioritized, waiting-children, paused
}

async function jobStatus(queue: Queue, id: string, file: string): Promise<JobStatus> {
  const job = await Job.fromId<JobData>(queue, id);
  if (!job) return { state: 'missing', attempts: 0, stalls: 0, worker: null, error: null, file };
  const state = stateName(await job.getState());
  return {
    state,
    attempts: job.attemptsStarted ?? job.attemptsMade,
    stalls: job.stalledCounter ?? 0,
    worker: job.processedBy ?? null,
    error: job.failedReason ? job.failedReason : null,
    file,
  };
}

/** The id of the latest submission on the queue, or `null` when there is none. */
export async function latestSubmissionId(client: Redis): Promise<string | null> {
  const ids = await client.zrange(SUBMISSIONS_KEY, -1, -1);
  return ids[0] ?? null;
}

/**
 * Reads the state of submission `id` (default: the latest) from the queue. Throws
 * `LMKIT_BAD_ARGUMENT` when the queue has no such submission.
 */
export async function submissionStatus(client: Redis, queueDisplay: string, id?: string): Promise<SubmissionStatus> {
  const chosen = id ?? (await latestSubmissionId(client));
  if (!chosen) throw new LmkitError('LMKIT_BAD_ARGUMENT', `no submissions on ${queueDisplay}: submit one with \`lmkit queue submit\``);
  const queue = new Queue(QUEUE_NAME, { connection: client });
  try {
    const mergeJob = await Job.fromId<JobData>(queue, jobIds.merge(chosen));
    if (!mergeJob) throw new LmkitError('LMKIT_BAD_ARGUMENT', `no submission "${chosen}" on ${queueDisplay} (it may have expired after 7 days): see the ids with \`lmkit --json queue status\``);
    const sub: Submission = mergeJob.data.submission;
    const merge = await jobStatus(queue, jobIds.merge(chosen), sub.out);
    const shards = await Promise.all(Array.from({ length: sub.shards }, async (_, i) => ({ shard: i + 1, ...(await jobStatus(queue, jobIds.shard(chosen, i + 1), shardFile(sub, i + 1))) })));
    const counts: Record<JobStateName, number> = { waiting: 0, running: 0, retrying: 0, done: 0, failed: 0, missing: 0 };
    for (const s of shards) counts[s.state]++;
    const failedShard = shards.find((s) => s.state === 'failed');
    const error = failedShard ? `shard ${failedShard.shard}: ${failedShard.error ?? 'failed'}` : merge.state === 'failed' ? `merge: ${merge.error ?? 'failed'}` : null;
    return {
      queue: queueDisplay,
      id: chosen,
      kind: sub.kind,
      out: sub.out,
      submittedAt: sub.submittedAt,
      counts,
      shards,
      // BullMQ marks the merge failed when a child fails; say why in the shard's words, not the parent's.
      merge: failedShard && merge.state === 'failed' ? { ...merge, error: `not run: shard ${failedShard.shard} failed` } : merge,
      done: merge.state === 'done',
      failed: error !== null,
      error,
    };
  } finally {
    await queue.close();
  }
}

/** Ids of every submission on the queue, oldest first. */
export async function submissionIds(client: Redis): Promise<string[]> {
  return client.zrange(SUBMISSIONS_KEY, 0, -1);
}

import { readFile } from 'node:fs/promises';
import { FlowProducer } from 'bullmq';
import type { Redis } from 'ioredis';
import { LmkitError } from '@lmkit/tensor';
import { writeFileAtomic } from '../atomic.js';
import type { JobData } from './run-job.js';
import { jobIds, manifestPath, sameWork, shardsDir, type Submission } from './submission.js';

/** The BullMQ queue every lmkit job goes to (within the Redis database of `--queue`). */
export const QUEUE_NAME = 'lmkit';
/** Sorted set of submission ids by submission time, for `lmkit queue status`. */
export const SUBMISSIONS_KEY = 'lmkit:submissions';
/** Finished jobs stay in Redis this long (seconds) so `queue status` can still show them. */
const KEEP_SECONDS = 7 * 24 * 3600;

/**
 * Prepares `FILE.shards/` (refusing one that holds another submission's shards), writes the
 * manifest, and enqueues one job per shard plus the merge job as a BullMQ flow: the merge runs only
 * after every shard completed, and a shard that fails all its attempts fails the merge with it.
 */
export async function submitJobs(client: Redis, sub: Submission): Promise<void> {
  const manifest = manifestPath(sub.out);
  const previous = await readFile(manifest, 'utf8').then(
    (t) => JSON.parse(t) as Submission,
    () => null,
  );
  if (previous && !sameWork(previous, sub)) {
    throw new LmkitError(
      'LMKIT_BAD_ARGUMENT',
      `${shardsDir(sub.out)} holds shards of another submission (${previous.kind}, ${previous.shards} shards, ${previous.id}): remove that folder or choose another --out`,
    );
  }
  await writeFileAtomic(manifest, `${JSON.stringify(sub, null, 2)}\n`);
  const keep = { age: KEEP_SECONDS };
  const retry = { attempts: sub.attempts, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: keep, removeOnFail: keep };
  const flows = new FlowProducer({ connection: client });
  try {
    await flows.add({
      name: 'merge',
      queueName: QUEUE_NAME,
      data: { submission: sub } satisfies JobData,
      opts: { jobId: jobIds.merge(sub.id), ...retry },
      children: Array.from({ length: sub.shards }, (_, i) => ({
        name: 'shard',
        queueName: QUEUE_NAME,
        data: { submission: sub, shard: i + 1 } satisfies JobData,
        opts: { jobId: jobIds.shard(sub.id, i + 1), ...retry, failParentOnFailure: true },
      })),
    });
    await client.zadd(SUBMISSIONS_KEY, Date.parse(sub.submittedAt), sub.id);
  } finally {
    await flows.close();
  }
}

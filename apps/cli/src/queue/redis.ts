import { LmkitError } from '@lmkit/tensor';
import { Redis } from 'ioredis';

/** A checked `--queue` address. */
export interface QueueAddress {
  /** The URL as given (passed to ioredis). */
  url: string;
  /** The URL without its password, for messages and status output. */
  display: string;
}

/**
 * Checks a `--queue` value: `redis://HOST:PORT/N` (or `rediss://` for TLS, with an optional
 * `user:password@`). Throws `LMKIT_BAD_ARGUMENT` naming the expected form.
 */
export function parseQueueUrl(raw: string): QueueAddress {
  const bad = (why: string) => new LmkitError('LMKIT_BAD_ARGUMENT', `--queue ${JSON.stringify(raw)} ${why}: give redis://HOST:PORT/N (e.g. redis://127.0.0.1:6379/0)`);
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad('is not a URL');
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw bad(`has protocol ${u.protocol.replace(/:$/, '')}, not redis`);
  if (!u.hostname) throw bad('has no host');
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw bad(`has database "${db}", not a number`);
  if (u.search || u.hash) throw bad('has a query or fragment');
  const shown = new URL(raw);
  if (shown.password) shown.password = '***';
  return { url: raw, display: shown.toString() };
}

/** How a connection behaves while Redis is away. */
export type ConnectionRole =
  /** Workers: wait for Redis forever and resend queued commands after it comes back (BullMQ needs this). */
  | 'worker'
  /** submit/status: fail within a few seconds with a one-line error. */
  | 'client';

const CLIENT_GIVE_UP_MS = 5000;

/**
 * A constructed ioredis client for BullMQ (bullmq 6 loads ioredis as an optional package, so lmkit
 * passes clients, never connection options). Workers reconnect forever with a capped back-off;
 * clients give up after {@link CLIENT_GIVE_UP_MS}.
 */
export function connectRedis(address: QueueAddress, role: ConnectionRole): Redis {
  const worker = role === 'worker';
  return new Redis(address.url, {
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    connectTimeout: CLIENT_GIVE_UP_MS,
    retryStrategy: (times) => (worker ? Math.min(100 * times, 2000) : times * 250 > CLIENT_GIVE_UP_MS ? null : 250),
  });
}

/**
 * Waits until `client` answers a PING, or throws `LMKIT_QUEUE_UNREACHABLE` (one line, what to do)
 * once the client has given up.
 */
export async function assertReachable(client: Redis, address: QueueAddress): Promise<void> {
  let lastError = '';
  const onError = (e: Error) => {
    lastError = e.message.split('\n')[0] ?? e.message;
  };
  client.on('error', onError);
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.ping(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no answer')), CLIENT_GIVE_UP_MS + 1000);
      }),
    ]);
  } catch (e) {
    const why = lastError || (e as Error).message;
    throw new LmkitError('LMKIT_QUEUE_UNREACHABLE', `cannot reach Redis at ${address.display} (${why}): start redis-server there or fix --queue`);
  } finally {
    clearTimeout(timer);
    client.off('error', onError);
  }
}

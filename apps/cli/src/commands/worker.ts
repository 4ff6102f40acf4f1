import { Option } from 'commander';
import { integerOption } from '../parse.js';
import type { RegisterCommands } from './types.js';

interface WorkerFlags {
  queue: string;
  concurrency: number;
  lockMs: number;
  name?: string;
}

/** Registers `lmkit worker`: runs queued shard and merge jobs until stopped. */
export const registerWorkerCommands: RegisterCommands = (program) => {
  program
    .command('worker')
    .description('run jobs from a Redis/BullMQ queue (from `lmkit queue submit`) until stopped with Ctrl-C / SIGTERM; start one or more on every machine')
    .requiredOption('--queue <url>', 'Redis holding the queue: redis://HOST:PORT/N')
    .addOption(new Option('--concurrency <n>', 'jobs at once, each in its own lmkit process').argParser(integerOption({ min: 1, max: 256 })).default(1))
    .addOption(
      new Option('--lock-ms <n>', "job lock in ms: a dead worker's job is handed to another within about twice this").argParser(integerOption({ min: 1000, max: 3_600_000 })).default(30_000),
    )
    .option('--name <name>', 'worker name shown by `lmkit queue status` (default host:pid)')
    .action(async (flags: WorkerFlags) => {
      const { assertReachable, connectRedis, parseQueueUrl } = await import('../queue/redis.js');
      const { startWorker } = await import('../queue/worker.js');
      const address = parseQueueUrl(flags.queue);
      const probe = connectRedis(address, 'client');
      probe.on('error', () => {});
      try {
        await assertReachable(probe, address);
      } finally {
        probe.disconnect();
      }
      const worker = startWorker(address, {
        concurrency: flags.concurrency,
        lockMs: flags.lockMs,
        ...(flags.name ? { name: flags.name } : {}),
        log: (line) => process.stderr.write(`${line}\n`),
      });
      await new Promise<void>((resolve) => {
        let stopping = false;
        const stop = () => {
          const force = stopping;
          stopping = true;
          process.stderr.write(`lmkit worker ${worker.name}: ${force ? 'stopping now' : 'finishing the running jobs (signal again to stop now)'}\n`);
          void worker.close(force).then(resolve, resolve);
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
    });
};

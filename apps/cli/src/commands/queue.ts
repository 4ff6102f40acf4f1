import { resolve } from 'node:path';
import { Argument, Option, type Command } from 'commander';
import { integerOption } from '../parse.js';
import { JOB_KIND_NAMES, JOB_KINDS } from '../queue/kinds.js';
import type { SubmissionStatus } from '../queue/status.js';
import type { CliRuntime, RegisterCommands } from './types.js';

interface SubmitFlags {
  queue: string;
  shards: number;
  out: string;
  attempts: number;
}

interface StatusFlags {
  id?: string;
  watch?: boolean;
  intervalMs: number;
}

/** One line per shard plus a summary line, for a terminal. */
function statusText(s: SubmissionStatus): string {
  const c = s.counts;
  const head = [
    `${s.id}: ${s.kind}, ${s.shards.length} shards → ${s.out}`,
    `shards: ${c.done} done, ${c.running} running, ${c.waiting} waiting${c.retrying ? `, ${c.retrying} retrying` : ''}${c.failed ? `, ${c.failed} failed` : ''}${c.missing ? `, ${c.missing} missing` : ''}; merge ${s.merge.state}`,
  ];
  const rows = s.shards.map(
    (j) =>
      `  shard ${String(j.shard).padStart(3)}  ${j.state.padEnd(8)}  attempts ${j.attempts}${j.stalls ? `, stalled ${j.stalls}×` : ''}${j.worker ? `  worker ${j.worker}` : ''}${j.state !== 'done' && j.error ? `  error: ${j.error}` : ''}`,
  );
  const tail = s.done ? [`done: ${s.out} written`] : s.failed ? [`failed: ${s.error}; the merge did not run`] : [];
  return [...head, ...rows, ...tail].join('\n');
}

async function withClient<T>(url: string, fn: (client: import('ioredis').Redis, display: string) => Promise<T>): Promise<T> {
  const { assertReachable, connectRedis, parseQueueUrl } = await import('../queue/redis.js');
  const address = parseQueueUrl(url);
  const client = connectRedis(address, 'client');
  client.on('error', () => {}); // reported by assertReachable / the failing command
  try {
    await assertReachable(client, address);
    return await fn(client, address.display);
  } finally {
    client.disconnect();
  }
}

function registerSubmit(queue: Command, rt: CliRuntime): void {
  queue
    .command('submit')
    .description('split a build into shards on a Redis/BullMQ queue; workers (`lmkit worker`) run them and a final job merges them into --out')
    .addArgument(new Argument('<kind>', `what to build: ${JOB_KIND_NAMES.map((k) => `${k} = ${JOB_KINDS[k]!.summary}`).join('; ')}`).choices(JOB_KIND_NAMES))
    .argument('[options...]', "the command's own options, after -- (as for the single-process command, without --out and --shard)")
    .requiredOption('--queue <url>', 'Redis holding the queue: redis://HOST:PORT/N')
    .addOption(new Option('--shards <n>', 'number of shards (jobs)').argParser(integerOption({ min: 1, max: 100_000 })).makeOptionMandatory())
    .requiredOption('--out <file>', 'merged output (shard files go to <file>.shards/); on a mount every worker sees')
    .addOption(new Option('--attempts <n>', 'attempts per shard before it is reported failed').argParser(integerOption({ min: 1, max: 100 })).default(3))
    .action(async (kindName: string, options: string[], flags: SubmitFlags) => {
      const { checkCommandOptions } = await import('../queue/command-options.js');
      const { newSubmissionId, shardsDir } = await import('../queue/submission.js');
      const { submitJobs } = await import('../queue/submit.js');
      const kind = JOB_KINDS[kindName]!;
      const g = rt.globals();
      const checked = await checkCommandOptions(kind, options, { seed: g.seed, ...(g.backend ? { backend: g.backend } : {}) });
      const out = resolve(flags.out);
      const sub = { id: newSubmissionId(out), kind: kind.name, out, shards: flags.shards, ...checked, attempts: flags.attempts, submittedAt: new Date().toISOString() };
      await withClient(flags.queue, async (client, display) => {
        await submitJobs(client, sub);
        rt.output({ queue: display, id: sub.id, kind: sub.kind, shards: sub.shards, out, shardsDir: shardsDir(out), command: ['lmkit', ...sub.globals, ...kind.command, ...sub.argv] }, () =>
          [
            `submitted ${sub.id}: ${sub.shards} shards of \`lmkit ${kind.command.join(' ')}\` → ${out} (shard files in ${shardsDir(out)}/)`,
            `run workers with \`lmkit worker --queue ${flags.queue}\`; watch with \`lmkit queue status ${flags.queue} --watch\``,
          ].join('\n'),
        );
      });
    });
}

function registerStatus(queue: Command, rt: CliRuntime): void {
  queue
    .command('status')
    .description('per-shard state of a submission (default: the latest); with --json an object whose "done" turns true once the merged file is written')
    .argument('<url>', 'Redis holding the queue: redis://HOST:PORT/N')
    .option('--id <id>', 'submission id (printed by `lmkit queue submit`)')
    .option('--watch', 'keep watching until the submission is done or failed (exit code 1 when it failed)')
    .addOption(new Option('--interval-ms <n>', 'how often --watch looks').argParser(integerOption({ min: 100, max: 600_000 })).default(1000))
    .action(async (url: string, flags: StatusFlags) => {
      const { submissionStatus } = await import('../queue/status.js');
      await withClient(url, async (client, display) => {
        let s = await submissionStatus(client, display, flags.id);
        const progress = rt.progress('queue');
        progress.start(`${s.id} shards`, s.shards.length);
        let shown = s.counts.done;
        progress.tick(shown, `merge ${s.merge.state}`);
        while (flags.watch && !s.done && !s.failed) {
          await new Promise((r) => setTimeout(r, flags.intervalMs));
          s = await submissionStatus(client, display, s.id);
          progress.tick(s.counts.done - shown, `${s.counts.running} running, merge ${s.merge.state}`);
          shown = s.counts.done;
        }
        progress.done();
        rt.output(s, () => statusText(s));
        if (flags.watch && s.failed) process.exitCode = 1;
      });
    });
}

/** Registers `lmkit queue submit|status`: sharded builds on a Redis/BullMQ queue. */
export const registerQueueCommands: RegisterCommands = (program, rt) => {
  const queue = program.command('queue').description('run trace-dataset and PICL builds as shards on a Redis/BullMQ queue, merged into the single-process output');
  registerSubmit(queue, rt);
  registerStatus(queue, rt);
};

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { readReviews } from '@lmkit/picl/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTraceWorker, useTempDir, workspaceRoot } from '@lmkit/test-utils';
import { submissionStatus, type SubmissionStatus } from '../queue/status.js';
import { cliCommand, mapLimit, runCli } from '../test-helpers/run-cli.js';
import { freePort, startTestRedis, type TestRedis } from '../test-helpers/redis-server.js';

/**
 * The queue end to end, with real processes: a private redis-server (appendonly, loopback, temp
 * folder), three `lmkit worker` processes, real trace and PICL builds. One worker is SIGKILLed while
 * it runs a shard; Redis is restarted under a running submission; a shard fails every attempt.
 */

const cwd = useTempDir('queue');
// Share the converted GloVe table with the rest of the workspace (converted once, on first use).
const env = { LMKIT_CACHE_DIR: join(workspaceRoot, 'node_modules/.cache/lmkit') };
const LOCK_MS = 2000; // a dead worker's shard is handed on within about twice this

let redis: TestRedis;
let client: Redis;
const workers: { name: string; proc: ChildProcess; log: string[] }[] = [];

function startWorker(name: string): void {
  const cmd = cliCommand(['worker', '--queue', redis.url(3), '--lock-ms', String(LOCK_MS), '--name', name]);
  const proc = spawn(cmd.exec, cmd.args, { cwd: cwd(), env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  const w = { name, proc, log: [] as string[] };
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => w.log.push(...d.split('\n').filter(Boolean)));
  workers.push(w);
}

const status = (id: string): Promise<SubmissionStatus> => submissionStatus(client, redis.url(3), id);

/** Polls until `ok(status)` or throws after `ms` (with the last status and the workers' logs). */
async function waitFor(id: string, ok: (s: SubmissionStatus) => boolean, ms = 1_200_000): Promise<SubmissionStatus> {
  const deadline = Date.now() + ms;
  for (;;) {
    const s = await status(id).catch(() => null);
    if (s && ok(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting on ${id}: ${JSON.stringify(s)}\n${workers.map((w) => w.log.join('\n')).join('\n')}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function submit(args: string[]): Promise<string> {
  const r = await runCli(['--json', 'queue', 'submit', ...args], { cwd: cwd(), env });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout).id as string;
}

const TRACE_OPTS = ['--set', 'singleline', '--n', '64', '--workers', '1'];

beforeAll(async () => {
  buildTraceWorker();
  redis = await startTestRedis();
  client = new Redis(redis.url(3), { maxRetriesPerRequest: null });
  client.on('error', () => {});
  const corpus = readReviews(100).map((r, i) => JSON.stringify({ id: `r${i}`, text: r.text }));
  await writeFile(join(cwd(), 'corpus.jsonl'), `${corpus.join('\n')}\n`);
  // The single-process outputs the queue must reproduce byte for byte.
  const runs = await mapLimit(
    [
      ['trace', 'build', ...TRACE_OPTS, '--out', 'single.jsonl'],
      ['picl', 'index', 'build', '--corpus', 'corpus.jsonl', '--out', 'single.idx'],
    ],
    2,
    (args) => runCli(args, { cwd: cwd(), env }),
  );
  for (const r of runs) expect(r.code, r.stderr).toBe(0);
  const inst = await runCli(['picl', 'instances', 'single.idx', '--out', 'single-instances.jsonl', '--budget', '256'], { cwd: cwd(), env });
  expect(inst.code, inst.stderr).toBe(0);
  for (const name of ['w1', 'w2', 'w3']) startWorker(name);
}, 600_000);

afterAll(async () => {
  for (const w of workers) w.proc.kill('SIGKILL'); // by pid; a no-op for the one already killed
  client?.disconnect();
  await redis?.dispose();
});

describe('lmkit queue + lmkit worker', () => {
  it('3 workers build a trace dataset and a picl index in 8 shards each; one SIGKILLed mid-shard; merged files equal the single-process outputs', async () => {
    const traceId = await submit(['trace-build', '--queue', redis.url(3), '--shards', '8', '--out', 'queued.jsonl', '--', ...TRACE_OPTS]);
    const piclId = await submit(['picl-index', '--queue', redis.url(3), '--shards', '8', '--out', 'queued.idx', '--', '--corpus', 'corpus.jsonl']);

    // Kill w1 while its command is running a trace shard (once that shard's part file has records, if it gets that far).
    const w1 = workers[0]!;
    const running = await waitFor(traceId, (s) => s.shards.some((j) => j.state === 'running' && j.worker === 'w1' && w1.log.some((l) => l.includes(`shard ${j.shard}/8: started`))));
    const victim = running.shards.find((j) => j.state === 'running' && j.worker === 'w1')!.shard;
    const childPid = Number(/command pid (\d+)/.exec(w1.log.filter((l) => l.includes(`${traceId} shard ${victim}/8: started`)).at(-1)!)![1]);
    const part = `${running.shards[victim - 1]!.file}.part`;
    for (let i = 0; i < 100 && !(existsSync(part) && readFileSync(part, 'utf8').includes('\n')) && (await status(traceId)).shards[victim - 1]!.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    w1.proc.kill('SIGKILL');
    // The orphan guard ends the shard's command with its worker.
    for (let i = 0; i < 300 && alive(childPid); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alive(childPid)).toBe(false);

    const [trace, picl] = [await waitFor(traceId, (s) => s.done || s.failed), await waitFor(piclId, (s) => s.done || s.failed)];
    expect(trace.failed, trace.error ?? '').toBe(false);
    expect(picl.failed, picl.error ?? '').toBe(false);
    // BullMQ's stalled-job check took the shard back from the dead worker and another worker finished it.
    const handed = trace.shards[victim - 1]!;
    expect(handed).toMatchObject({ state: 'done', stalls: 1 });
    expect(handed.attempts).toBeGreaterThanOrEqual(2);
    expect(['w2', 'w3']).toContain(handed.worker);

    const bytes = (f: string) => readFile(join(cwd(), f));
    expect((await bytes('queued.jsonl')).equals(await bytes('single.jsonl'))).toBe(true);
    expect((await bytes('queued.idx')).equals(await bytes('single.idx'))).toBe(true);
    expect((await bytes('single.jsonl')).toString().trim().split('\n')).toHaveLength(64);
    // Every shard file stayed beside the output; no part or temp file is left.
    // The logs of dropped programs merge like the shards (the killed shard's drops counted once).
    expect((await bytes('queued.jsonl.dropped.jsonl')).equals(await bytes('single.jsonl.dropped.jsonl'))).toBe(true);
    // Every shard file (and its drop log) stayed beside the output; no part or temp file is left.
    const shardFiles = Array.from({ length: 8 }, (_, i) => `shard-000${i + 1}-of-0008.jsonl`);
    expect((await readdir(join(cwd(), 'queued.jsonl.shards'))).sort()).toEqual([...shardFiles.flatMap((f) => [f, `${f}.dropped.jsonl`]), 'submission.json']);

    const cli = await runCli(['--json', 'queue', 'status', redis.url(3), '--id', traceId], { cwd: cwd(), env });
    expect(cli.code, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ id: traceId, kind: 'trace-build', done: true, failed: false, counts: { done: 8 } });
  }, 1_800_000);

  it('Redis restarted (appendonly) under a running submission: workers reconnect and the merge equals `lmkit picl instances`', async () => {
    const id = await submit(['picl-instances', '--queue', redis.url(3), '--shards', '4', '--out', 'queued-instances.jsonl', '--', 'single.idx', '--budget', '256']);
    await waitFor(id, (s) => s.counts.running > 0);
    client.disconnect();
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1000));
    await redis.start();
    client = new Redis(redis.url(3), { maxRetriesPerRequest: null });
    client.on('error', () => {});
    const s = await waitFor(id, (x) => x.done || x.failed);
    expect(s.failed, s.error ?? '').toBe(false);
    expect((await readFile(join(cwd(), 'queued-instances.jsonl'))).equals(await readFile(join(cwd(), 'single-instances.jsonl')))).toBe(true);
    expect(workers.slice(1).every((w) => w.log.some((l) => l.includes('reconnected to Redis')))).toBe(true);
  }, 1_200_000);

  it('a shard that fails 3 times is reported with its error and the merge does not run', async () => {
    // corpus.jsonl exists (submit checks paths) but is no index file: every attempt of every shard fails.
    const id = await submit(['picl-instances', '--queue', redis.url(3), '--shards', '2', '--out', 'never.jsonl', '--', 'corpus.jsonl']);
    const watched = await runCli(['--json', 'queue', 'status', redis.url(3), '--id', id, '--watch', '--interval-ms', '200'], { cwd: cwd(), env });
    expect(watched.code, watched.stderr).toBe(1);
    const s = JSON.parse(watched.stdout) as SubmissionStatus;
    expect(s).toMatchObject({ done: false, failed: true });
    const failed = s.shards.find((j) => j.state === 'failed')!;
    expect(failed.attempts).toBe(3);
    expect(failed.error).toMatch(/corpus\.jsonl is truncated or corrupt \(not an lmkit index file\)/);
    expect(s.error).toBe(`shard ${failed.shard}: ${failed.error}`);
    expect(s.merge.state).not.toBe('done');
    expect(existsSync(join(cwd(), 'never.jsonl'))).toBe(false);
  }, 900_000);

  it('bad input exits 2 with one line: unknown kind, bad URL, unreachable Redis, unknown submission', async () => {
    const free = String(await freePort());
    const runs = await mapLimit(
      [
        ['queue', 'submit', 'nope', '--queue', redis.url(3), '--shards', '2', '--out', 'x', '--', '--set', 'singleline'],
        ['queue', 'submit', 'trace-build', '--queue', 'localhost:6379', '--shards', '2', '--out', 'x', '--', '--set', 'singleline'],
        ['queue', 'submit', 'trace-build', '--queue', `redis://127.0.0.1:${free}/0`, '--shards', '2', '--out', 'x', '--', '--set', 'singleline'],
        ['queue', 'status', redis.url(3), '--id', 'no-such-id'],
        ['worker', '--queue', 'redis://127.0.0.1:1/x'],
      ],
      2,
      (args) => runCli(args, { cwd: cwd(), env }),
    );
    const expected = [/value 'nope' is invalid for argument 'kind'/, /has protocol localhost/, new RegExp(`cannot reach Redis at redis://127.0.0.1:${free}/0`), /no submission "no-such-id"/, /has database "x"/];
    runs.forEach((r, i) => {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(expected[i]!);
    });
  }, 600_000);
});

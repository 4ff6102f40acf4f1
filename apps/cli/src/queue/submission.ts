import { randomBytes } from 'node:crypto';
import { basename, extname, join } from 'node:path';
import type { JobKind } from './kinds.js';

/**
 * One `lmkit queue submit`: everything a worker needs to run any of its shards or its merge,
 * stored in the jobs' data and in `FILE.shards/submission.json`.
 */
export interface Submission {
  /** Unique id; the jobs are `<id>.shard-<k>` and `<id>.merge`. */
  id: string;
  /** A name from `JOB_KINDS`. */
  kind: string;
  /** Absolute path of the merged output. */
  out: string;
  /** Number of shards. */
  shards: number;
  /** Global options for every command (`--seed`, `--backend`). */
  globals: string[];
  /** The command's options and arguments, paths made absolute, without `--shard` and `--out`. */
  argv: string[];
  /** Attempts per job before it is reported failed. */
  attempts: number;
  /** ISO time of submission. */
  submittedAt: string;
}

/** The fields that make two submissions produce the same files. */
export function sameWork(a: Submission, b: Submission): boolean {
  return a.kind === b.kind && a.out === b.out && a.shards === b.shards && JSON.stringify([a.globals, a.argv]) === JSON.stringify([b.globals, b.argv]);
}

/** A fresh submission id from the output's name (no `:`, which BullMQ reserves). */
export function newSubmissionId(out: string): string {
  const stem = basename(out).replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 40);
  return `${stem}-${Date.now().toString(36)}${randomBytes(2).toString('hex')}`;
}

/** Folder beside the output that holds the shard files: `FILE.shards/`. */
export function shardsDir(out: string): string {
  return `${out}.shards`;
}

/** Path of the manifest written at submission. */
export function manifestPath(out: string): string {
  return join(shardsDir(out), 'submission.json');
}

/** Path of shard `k` (1-based): `FILE.shards/shard-0003-of-0008<ext of FILE>`. */
export function shardFile(sub: Pick<Submission, 'out' | 'shards'>, k: number): string {
  const width = Math.max(4, String(sub.shards).length);
  const pad = (n: number) => String(n).padStart(width, '0');
  return join(shardsDir(sub.out), `shard-${pad(k)}-of-${pad(sub.shards)}${extname(sub.out)}`);
}

/** Where a shard of an appending command is written before it is complete and renamed. */
export function partFile(sub: Pick<Submission, 'out' | 'shards'>, k: number): string {
  return `${shardFile(sub, k)}.part`;
}

/** The full `lmkit` arguments (after `node bin.js`) of shard `k`, writing to `out`. */
export function shardArgs(sub: Submission, kind: JobKind, k: number, out: string): string[] {
  return [...sub.globals, ...kind.command, ...sub.argv, '--shard', `${k}/${sub.shards}`, '--out', out];
}

/** Job ids of a submission. */
export const jobIds = {
  shard: (id: string, k: number) => `${id}.shard-${k}`,
  merge: (id: string) => `${id}.merge`,
};

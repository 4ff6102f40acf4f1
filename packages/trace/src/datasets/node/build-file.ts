/**
 * Writes a dataset (or one shard of it) to a JSONL file, appending line by line so a killed build
 * resumes where it stopped: a cut last line is removed, and the build continues after the last
 * complete record (never writing an index twice). Dropped programs are logged beside it
 * ({@link droppedLogPath}), so a resumed build still reports the drops of the runs before it.
 */
import { open, readFile, truncate } from 'node:fs/promises';
import { LmkitError, silentProgress, type ProgressReporter } from '@lmkit/tensor';
import { writeFileAtomic } from '@lmkit/tensor/node';
import { shardRange, type Shard } from '@lmkit/tensor';
import { buildRecords, type DatasetRecord, type TraceProgram } from '../build.js';
import { datasetSize, type CandidateContext, type BuildSetName } from '../candidates.js';

/** Options of {@link buildDatasetFile}. */
export interface BuildFileOptions {
  set: BuildSetName;
  /** Programs in the whole set (Tutorial: capped by its pool; default all of it). */
  n?: number;
  seed: number;
  shard?: Shard;
  keepErrors?: boolean;
  out: string;
  /** Programs traced at once. Default 2. */
  concurrency?: number;
  progress?: ProgressReporter;
}

/** Summary of a build. */
export interface BuildSummary {
  set: BuildSetName;
  out: string;
  /** Index range of this shard. */
  from: number;
  to: number;
  /** Index the build started at (after `from` when resuming). */
  resumedAt: number;
  /** Records written by this call. */
  written: number;
  /** Programs dropped (error or limit without --keep-errors, or no mutant possible) in the whole file, by reason/kind. */
  dropped: Record<string, number>;
  /** Records in the file now. */
  total: number;
}

/** The text of `file`, or null when it does not exist. */
async function readIfPresent(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Where to resume `out`: removes a cut final line, checks the records belong to this build, and
 * returns the next index and the number of complete records. A missing file starts at `from`.
 */
export async function resumePoint(out: string, set: BuildSetName, seed: number, from: number, to: number): Promise<{ next: number; records: number }> {
  const text = await readIfPresent(out);
  if (text === null) return { next: from, records: 0 };
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) await truncate(out, Buffer.byteLength(text.slice(0, end)));
  const lines = text.slice(0, end).split('\n').filter((l) => l !== '');
  if (lines.length === 0) return { next: from, records: 0 };
  const check = (line: string, which: string): DatasetRecord => {
    let rec: DatasetRecord;
    try {
      rec = JSON.parse(line) as DatasetRecord;
    } catch {
      throw new LmkitError('LMKIT_BAD_DATA', `${out}: the ${which} line is not JSON; it is not a dataset file of lmkit — choose another --out`);
    }
    if (rec.set !== set || rec.seed !== seed || !(rec.index >= from && rec.index < to)) {
      throw new LmkitError(
        'LMKIT_BAD_DATA',
        `${out} holds records of another build (set ${rec.set}, seed ${rec.seed}, index ${rec.index}); to resume use the same --set/--seed/--n/--shard, or choose another --out`,
      );
    }
    return rec;
  };
  check(lines[0]!, 'first');
  const last = check(lines[lines.length - 1]!, 'last');
  return { next: last.index + 1, records: lines.length };
}

/** The log of dropped programs beside dataset file `out`: one `{"index":…,"why":…}` line per drop. */
export function droppedLogPath(out: string): string {
  return `${out}.dropped.jsonl`;
}

/**
 * Counts the drops logged for `out` before index `next` and rewrites the log to those alone (drops at
 * or after `next` came after the last complete record of a killed build and are traced again).
 */
async function resumeDroppedLog(out: string, next: number): Promise<Record<string, number>> {
  const path = droppedLogPath(out);
  const text = (await readIfPresent(path)) ?? '';
  const kept: string[] = [];
  const dropped: Record<string, number> = {};
  for (const line of text.slice(0, text.lastIndexOf('\n') + 1).split('\n')) {
    if (line === '') continue;
    const entry = JSON.parse(line) as { index: number; why: string };
    if (entry.index >= next) continue;
    kept.push(`${line}\n`);
    dropped[entry.why] = (dropped[entry.why] ?? 0) + 1;
  }
  // Atomically, so a kill here keeps the old log; a log that needs no change is left as it is.
  const rewritten = kept.join('');
  if (rewritten !== text) await writeFileAtomic(path, rewritten);
  return dropped;
}

/** Builds (or resumes) one dataset shard into `out`. */
export async function buildDatasetFile(options: BuildFileOptions, ctx: CandidateContext, trace: TraceProgram): Promise<BuildSummary> {
  const size = datasetSize(options.set, options.n, ctx);
  const { from, to } = shardRange(size, options.shard);
  const { next, records } = await resumePoint(options.out, options.set, options.seed, from, to);
  const progress = options.progress ?? silentProgress;
  const dropped = await resumeDroppedLog(options.out, next);
  let written = 0;
  const fh = await open(options.out, 'a');
  const log = await open(droppedLogPath(options.out), 'a');
  try {
    progress.start(`trace build ${options.set}`, to - next);
    const gen = buildRecords(
      { set: options.set, seed: options.seed, from: next, to, keepErrors: options.keepErrors ?? false, concurrency: options.concurrency ?? 2 },
      ctx,
      trace,
    );
    for await (const o of gen) {
      if (o.record) {
        await fh.write(`${JSON.stringify(o.record)}\n`);
        written++;
      } else {
        const why = o.reason === 'error' ? `error:${o.errorKind ?? 'unknown'}` : (o.reason ?? 'dropped');
        dropped[why] = (dropped[why] ?? 0) + 1;
        await log.write(`${JSON.stringify({ index: o.index, why })}\n`);
      }
      progress.tick(1, `${written} written`);
    }
    progress.done();
  } finally {
    await fh.close();
    await log.close();
  }
  return { set: options.set, out: options.out, from, to, resumedAt: next, written, dropped, total: records + written };
}

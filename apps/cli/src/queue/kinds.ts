/**
 * The jobs `lmkit queue submit` can split into shards: which `lmkit` command each shard runs, which of
 * its options and arguments are paths (made absolute, since workers run elsewhere), and how the
 * shard files merge back into exactly the bytes of the single-process command.
 */

/** How shard outputs become the final file. */
export type MergeMethod =
  /** Shards are contiguous index ranges: concatenating them in shard order gives the whole file. */
  | 'concat'
  /** JSONL shards are round-robin positions: a k-way merge by each line's `position` field. */
  | 'by-position'
  /** Index files: `lmkit picl index merge`. */
  | 'picl-index-merge';

/** One kind of job. */
export interface JobKind {
  /** The name given to `lmkit queue submit`. */
  name: string;
  /** The `lmkit` command a shard runs (it must accept `--shard k/n` and `--out`). */
  command: readonly string[];
  /** Options (commander attribute names) whose values are paths. */
  pathOptions: readonly string[];
  /** True when the command's positional arguments are paths. */
  pathArguments: boolean;
  /** The shard output is written in place by appending (resumable), so it goes to a `.part` file and is renamed when complete. */
  appendsInPlace: boolean;
  /**
   * Files the command writes beside its output, named by suffix (`lmkit trace build`: the log of
   * dropped programs, `OUT.dropped.jsonl`); they move with the shard file and merge like it.
   */
  sidecars: readonly string[];
  merge: MergeMethod;
  /** One line for `lmkit queue submit --help`. */
  summary: string;
}

/** Every job kind, by name. */
export const JOB_KINDS: Readonly<Record<string, JobKind>> = {
  'trace-build': {
    name: 'trace-build',
    command: ['trace', 'build'],
    pathOptions: [],
    pathArguments: false,
    appendsInPlace: true,
    sidecars: ['.dropped.jsonl'],
    merge: 'concat',
    summary: '`lmkit trace build` (traced dataset, JSONL)',
  },
  'picl-index': {
    name: 'picl-index',
    command: ['picl', 'index', 'build'],
    pathOptions: ['corpus', 'weights'],
    pathArguments: false,
    appendsInPlace: false,
    sidecars: [],
    merge: 'picl-index-merge',
    summary: '`lmkit picl index build` (paragraph index file)',
  },
  'picl-instances': {
    name: 'picl-instances',
    command: ['picl', 'instances'],
    pathOptions: [],
    pathArguments: true,
    appendsInPlace: false,
    sidecars: [],
    merge: 'by-position',
    summary: '`lmkit picl instances` (PICL instances, JSONL)',
  },
};

/** The names of {@link JOB_KINDS}. */
export const JOB_KIND_NAMES = Object.keys(JOB_KINDS);

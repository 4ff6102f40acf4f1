import { createReadStream } from 'node:fs';
import { open, rename, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { LmkitError } from '@lmkit/tensor';
import { writeFileAtomic, type AtomicWriteIo } from '../atomic.js';

/** The core's atomic write (temp file in the same folder, flushed, renamed) with the content streamed by `write`. */
async function writeStreamedAtomic(out: string, write: (fh: FileHandle) => Promise<void>): Promise<void> {
  const io: AtomicWriteIo = {
    async writeFile(tmp) {
      const fh = await open(tmp, 'w');
      try {
        await write(fh);
        await fh.sync();
      } finally {
        await fh.close();
      }
    },
    rename: (from, to) => rename(from, to),
  };
  await writeFileAtomic(out, '', io);
}

/** Writes the shard files one after the other into `out` (atomically); shards of contiguous ranges give the whole file. */
export async function concatFiles(files: readonly string[], out: string): Promise<void> {
  await writeStreamedAtomic(out, async (fh) => {
    for (const f of files) {
      for await (const chunk of createReadStream(f)) await fh.write(chunk as Buffer);
    }
  });
}

/** Reads the `position` of a JSONL line (a PICL instance). */
function positionOf(line: string, file: string, n: number): number {
  let p: unknown;
  try {
    p = (JSON.parse(line) as { position?: unknown }).position;
  } catch {
    p = undefined;
  }
  if (typeof p !== 'number' || !Number.isInteger(p)) throw new LmkitError('LMKIT_BAD_DATA', `${file}:${n}: not a JSON line with an integer "position": the shard file is damaged; delete it and resubmit`);
  return p;
}

/**
 * Merges JSONL shard files whose lines each carry an integer `position` and are sorted by it (as
 * round-robin shards are) into one file sorted by position, keeping every line's bytes. Throws
 * `LMKIT_BAD_DATA` on a damaged line, a shard out of order or a position held twice.
 */
export async function mergeByPosition(files: readonly string[], out: string): Promise<void> {
  const cursors = files.map((file) => ({ file, lines: createInterface({ input: createReadStream(file), crlfDelay: Infinity })[Symbol.asyncIterator](), n: 0, line: '', pos: -1, done: false }));
  type Cursor = (typeof cursors)[number];
  const advance = async (c: Cursor): Promise<void> => {
    for (;;) {
      const r = await c.lines.next();
      if (r.done) {
        c.done = true;
        return;
      }
      c.n++;
      if (r.value === '') continue;
      const pos = positionOf(r.value, c.file, c.n);
      if (pos <= c.pos) throw new LmkitError('LMKIT_BAD_DATA', `${c.file}:${c.n}: position ${pos} after ${c.pos}: the shard file is not in order; delete it and resubmit`);
      c.line = r.value;
      c.pos = pos;
      return;
    }
  };
  await Promise.all(cursors.map(advance));
  let last = -1;
  await writeStreamedAtomic(out, async (fh) => {
    let buffer = '';
    for (;;) {
      let best: Cursor | undefined;
      for (const c of cursors) if (!c.done && (!best || c.pos < best.pos)) best = c;
      if (!best) break;
      if (best.pos === last) throw new LmkitError('LMKIT_BAD_DATA', `position ${best.pos} appears in two shard files (${best.file}): delete the shards folder and resubmit`);
      last = best.pos;
      buffer += `${best.line}\n`;
      if (buffer.length > 1 << 20) {
        await fh.write(buffer);
        buffer = '';
      }
      await advance(best);
    }
    await fh.write(buffer);
  });
}

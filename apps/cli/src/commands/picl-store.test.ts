import { readdirSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readReviews } from '@lmkit/picl/node';
import { describe, expect, it } from 'vitest';
import { mapLimit, runCli } from '../test-helpers/run-cli.js';
import { useTempDir, workspaceRoot } from '@lmkit/test-utils';

const cwd = useTempDir('picl-store');
const env = { LMKIT_CACHE_DIR: join(workspaceRoot, 'node_modules/.cache/lmkit') };
const run = (args: string[]) => runCli(args, { cwd: cwd(), env });

describe('lmkit picl index build --store', () => {
  it('lancedb:DIR searches and builds instances like exact search; a damaged table exits 2 with one line; bad --store exits 2', async () => {
    const corpus = readReviews(60).map((r, i) => JSON.stringify({ id: `r${i}`, text: r.text }));
    await writeFile(join(cwd(), 'corpus.jsonl'), `${corpus.join('\n')}\n`);
    const built = await mapLimit(
      [
        ['picl', 'index', 'build', '--corpus', 'corpus.jsonl', '--store', 'exact', '--out', 'exact.idx'],
        ['--json', 'picl', 'index', 'build', '--corpus', 'corpus.jsonl', '--store', 'lancedb:lance', '--out', 'lance.idx'],
      ],
      2,
      run,
    );
    for (const r of built) expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(built[1]!.stdout)).toMatchObject({ paragraphs: 180, kind: `lancedb ${join(cwd(), 'lance')}` });
    // 180 rows are below the index threshold: LanceDB scans every vector, so hits equal exact search's.
    const [a, b, ia, ib] = await mapLimit(
      [
        ['--json', 'picl', 'search', 'exact.idx', 'the food was great and the service friendly', '-k', '5'],
        ['--json', 'picl', 'search', 'lance.idx', 'the food was great and the service friendly', '-k', '5'],
        ['picl', 'instances', 'exact.idx', '--out', 'exact.jsonl', '--budget', '256'],
        ['picl', 'instances', 'lance.idx', '--out', 'lance.jsonl', '--budget', '256'],
      ],
      2,
      run,
    );
    for (const r of [a, b, ia, ib]) expect(r!.code, r!.stderr).toBe(0);
    const hits = (r: { stdout: string }) => (JSON.parse(r.stdout).hits as { id: string; score: number }[]).map((h) => [h.id, Number(h.score.toFixed(5))]);
    expect(hits(b!)).toEqual(hits(a!));
    const ids = (text: string) => text.trim().split('\n').map((l) => { const o = JSON.parse(l); return [o.position, o.queryId, o.demoIds]; });
    expect(ids(await readFile(join(cwd(), 'lance.jsonl'), 'utf8'))).toEqual(ids(await readFile(join(cwd(), 'exact.jsonl'), 'utf8')));

    const versions = join(cwd(), 'lance', 'vectors.lance', '_versions');
    for (const f of readdirSync(versions)) writeFileSync(join(versions, f), 'damaged');
    const [damaged, bad, sharded] = await mapLimit(
      [
        ['picl', 'search', 'lance.idx', 'food'],
        ['picl', 'index', 'build', '--corpus', 'corpus.jsonl', '--store', 'faiss', '--out', 'x.idx'],
        ['picl', 'index', 'build', '--corpus', 'corpus.jsonl', '--store', 'lancedb:l2', '--shard', '1/2', '--out', 'x.idx'],
      ],
      2,
      run,
    );
    for (const [r, msg] of [
      [damaged!, /^lmkit: the LanceDB table in .*lance cannot be read \(.+\): rebuild it with `lmkit picl index build --store lancedb:/],
      [bad!, /^lmkit: --store must be hnsw, exact or lancedb:DIR/],
      [sharded!, /^lmkit: --store lancedb:DIR builds one table: drop --shard/],
    ] as const) {
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(msg);
    }
  }, 1_200_000);
});

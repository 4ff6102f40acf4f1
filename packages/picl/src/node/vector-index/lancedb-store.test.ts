import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BruteForceIndex } from '../../vector-index/brute.js';
import { recallAtK } from '../../vector-index/store.js';
import { LANCE_DEFAULTS, LanceStore } from './lancedb-store.js';
import { gloveSentenceVectors } from './sentence-vectors.js';

const dir = mkdtempSync(join(tmpdir(), 'picl-lancedb-test-'));
const N = 20_000;
const Q = 200;

describe('LanceStore', () => {
  it(`reaches recall@20 ≥ 0.9 against exact search on ${N.toLocaleString('en')} GloVe sentence vectors with the default IVF-PQ parameters; incremental adds are found`, async () => {
    const { vectors } = gloveSentenceVectors(N + Q + 50);
    const data = vectors.slice(0, N);
    const queries = vectors.slice(N, N + Q);
    const store = await LanceStore.open(join(dir, 'recall'), 100, { create: true });
    expect(store.options).toMatchObject(LANCE_DEFAULTS);
    for (let i = 0; i < N; i += 5000) await store.add(data.slice(i, i + 5000), data.slice(i, i + 5000).map((_, j) => `s${i + j}`));
    expect(await store.createIndex()).toBe(true);
    const exact = new BruteForceIndex(100, data);
    const truth = queries.map((q) => exact.search(q, 20));
    const got = await store.searchMany(queries, 20);
    expect(recallAtK(got, truth)).toBeGreaterThanOrEqual(0.9);
    // Same hit type as the exact index: labels are insertion positions, scores the inner products.
    const byLabel = new Map(exact.search(queries[0]!, 200).map((h) => [h.label, h.score]));
    for (const h of got[0]!) if (byLabel.has(h.label)) expect(h.score).toBeCloseTo(byLabel.get(h.label)!, 5);
    expect(await store.ids(0, 3)).toEqual(['s0', 's1', 's2']);
    expect(Array.from(await store.vector(1234))).toEqual(Array.from(data[1234]!));

    // Incremental add after the index was built: the new rows are searched too, before and after optimize().
    const extra = vectors.slice(N + Q, N + Q + 50);
    await store.add(extra);
    expect(store.size()).toBe(N + 50);
    for (const stage of ['unindexed', 'optimized']) {
      const hits = await store.searchMany(extra.slice(0, 5), 1);
      expect(hits.map((h) => h[0]!.label), stage).toEqual([N, N + 1, N + 2, N + 3, N + 4]);
      if (stage === 'unindexed') await store.optimize();
    }
    const reopened = await LanceStore.open(join(dir, 'recall'), 100);
    expect(reopened.size()).toBe(N + 50);
    await expect(LanceStore.open(join(dir, 'recall'), 32)).rejects.toMatchObject({ code: 'LMKIT_DIM_MISMATCH' });
    store.close();
    reopened.close();
  }, 1_800_000);

  it('loses nothing committed when the writing process is SIGKILLed mid-write', async () => {
    // A child adds 200-row batches of known vectors and reports each committed batch; it is killed without warning.
    const store = join(dir, 'killed');
    const script = join(dir, 'writer.mts'); // an ES module wherever the temp folder is
    const storeUrl = pathToFileURL(fileURLToPath(new URL('./lancedb-store.ts', import.meta.url))).href;
    writeFileSync(
      script,
      `import { LanceStore } from ${JSON.stringify(storeUrl)};
const s = await LanceStore.open(${JSON.stringify(store)}, 8, { create: true });
for (let b = 0; ; b++) {
  await s.add(Array.from({ length: 200 }, (_, i) => Float32Array.from({ length: 8 }, (_, j) => (b * 200 + i) * 8 + j)));
  process.stdout.write(\`committed \${s.size()}\\n\`);
}
`,
    );
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const child = spawn(process.execPath, ['--conditions', '@lmkit/source', '--import', tsx, script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let committed = 0;
    await new Promise<void>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the writer exited with ${code} before committing 2,000 rows`)));
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        for (const m of d.matchAll(/committed (\d+)/g)) committed = Number(m[1]);
        if (committed >= 2000 && child.exitCode === null) {
          child.kill('SIGKILL');
          resolve();
        }
      });
    });
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));
    const back = await LanceStore.open(store, 8);
    expect(back.size()).toBeGreaterThanOrEqual(committed);
    expect(back.size() % 200).toBe(0); // whole batches only
    for (const label of [0, 1999, committed - 1]) {
      expect(Array.from(await back.vector(label))).toEqual(Array.from({ length: 8 }, (_, j) => label * 8 + j));
    }
    back.close();
  }, 600_000);

  it('reports a damaged table as LMKIT_BAD_INDEX with one line that says what to do', async () => {
    const path = join(dir, 'damaged');
    const s = await LanceStore.open(path, 4, { create: true });
    await s.add(Array.from({ length: 10 }, (_, i) => Float32Array.of(i, 1, 0, 0)));
    s.close();
    const versions = join(path, 'vectors.lance', '_versions');
    for (const f of readdirSync(versions)) writeFileSync(join(versions, f), 'not a manifest');
    const err = await LanceStore.open(path, 4).then(
      () => null,
      (e: Error & { code?: string }) => e,
    );
    expect(err?.code).toBe('LMKIT_BAD_INDEX');
    expect(err?.message).toMatch(/^the LanceDB table in .*damaged cannot be read \(.+\): rebuild it with `lmkit picl index build --store lancedb:/);
    expect(err?.message).not.toContain('\n');
    await expect(LanceStore.open(join(dir, 'nothing-here'), 4)).rejects.toMatchObject({ code: 'LMKIT_MISSING_FILE' });
  });
});

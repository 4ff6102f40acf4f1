/**
 * Entry of one pre-training process (spawned by `processJobRunner`): rebuilds the prepared data
 * from the work folder, runs one job, reports progress to the parent over IPC, exits 0 when its
 * result is saved. Arguments: one JSON object `{ dir, settings, seed, job }`.
 */
import { initBackend } from '@lmkit/tensor';
import { runPiclJob, type PiclJob } from '../experiment/jobs.js';
import { preparePicl } from '../experiment/prepare.js';
import type { PiclSettings } from '../experiment/settings.js';
import { buildPiclCorpus } from './corpus/build.js';
import { folderStore } from '@lmkit/tensor/node';
import { loadGlove } from './glove/cache.js';

/** A message from a job process to its parent. */
export type JobMessage = { type: 'tick'; n: number; status: string } | { type: 'log'; message: string };

const send = (m: JobMessage): void => {
  process.send?.(m);
};

async function main(): Promise<void> {
  const { dir, settings, seed, job } = JSON.parse(process.argv[2] ?? '{}') as { dir: string; settings: PiclSettings; seed: number; job: PiclJob };
  await initBackend();
  const store = folderStore(dir);
  const log = (message: string): void => send({ type: 'log', message });
  const quiet = { start() {}, tick() {}, done() {}, log };
  const prepared = await preparePicl({ settings, seed, corpus: buildPiclCorpus(settings.corpus), glove: () => loadGlove(), store, progress: quiet, log });
  await runPiclJob(prepared, job, { store, log, progress: { ...quiet, tick: (n = 1, status = '') => send({ type: 'tick', n, status }) } });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  },
);

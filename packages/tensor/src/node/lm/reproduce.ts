import path from 'node:path';
import { mkdir, rm } from 'node:fs/promises';
import { buildLmSection } from '../../experiment/report.js';
import { FULL_SETTINGS, QUICK_SETTINGS } from '../../experiment/settings.js';
import type { ReportSection, ReproduceContext, ReproduceSectionRunner } from '../../report/types.js';
import { trainLm, type TrainLmOptions } from './train-lm.js';

/**
 * The `lm` section of `lmkit reproduce`: trains the small char-level LM on Moby Dick, reports
 * the training curve, validation perplexity and throughput. Resumes from the checkpoint in
 * `ctx.workDir` after a kill.
 */
export const reproduceLm: ReproduceSectionRunner = (ctx) => runLmSection(ctx, { ...(ctx.quick ? QUICK_SETTINGS : FULL_SETTINGS), seed: ctx.seed });

/** {@link reproduceLm} with explicit training settings (tests use tiny ones). */
export async function runLmSection(ctx: ReproduceContext, settings: Omit<TrainLmOptions, 'out' | 'progress' | 'resume'>): Promise<ReportSection> {
  const t0 = performance.now();
  await mkdir(ctx.workDir, { recursive: true });
  const out = path.join(ctx.workDir, 'lm.lmkit');
  const run = () => trainLm({ ...settings, out, resume: true, progress: ctx.progress });
  let r: Awaited<ReturnType<typeof trainLm>>;
  try {
    r = await run();
  } catch (e) {
    // A checkpoint from other settings or a damaged one: start this section again from scratch.
    const code = (e as { code?: string }).code;
    if (code !== 'LMKIT_CHECKPOINT_MISMATCH' && code !== 'LMKIT_BAD_CHECKPOINT') throw e;
    ctx.progress.log(`lm: ignoring ${out} (${(e as Error).message}); training from scratch`);
    await rm(out, { force: true });
    r = await run();
  }
  r.model.dispose();
  return buildLmSection(r, (performance.now() - t0) / 1000);
}

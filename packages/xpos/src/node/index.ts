/**
 * @lmkit/xpos/node — the Node runner of the length-extrapolation experiment and the `xpos`
 * section of `lmkit reproduce`.
 * @packageDocumentation
 */
import type { ReproduceSectionRunner } from '@lmkit/tensor';
import { buildXposSection } from '../experiment/report.js';
import { runExtrapolationNode } from './run-extrapolation.js';

export { runExtrapolationNode, type NodeExtrapolationOptions } from './run-extrapolation.js';
export { buildXposSection } from '../experiment/report.js';

/**
 * The `xpos` section of `lmkit reproduce`: trains absolute (sinusoidal), RoPE, ALiBi and XPOS
 * models at one length on Moby Dick, and reports perplexity vs length (XPOS and RoPE also with
 * BCA) and attention resolution beside the paper's Tables 2, 3 and 5. Checkpoints go to
 * `ctx.workDir`; a rerun resumes.
 */
export const reproduceXpos: ReproduceSectionRunner = async (ctx) => {
  const result = await runExtrapolationNode({ quick: ctx.quick, seed: ctx.seed, workDir: ctx.workDir, progress: ctx.progress });
  return buildXposSection(result);
};

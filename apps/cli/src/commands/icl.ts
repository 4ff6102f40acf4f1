import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { checkOutDir } from '../out-dir.js';
import type { RegisterCommands } from './types.js';
import { integerOption } from '../parse.js';
import { chartFiles, renderChartSvg } from '../reproduce/charts.js';
import { renderSectionBody } from '../report/section-markdown.js';

interface AnalyzeFlags {
  quick?: boolean;
  out: string;
}

interface DualFlags {
  dim: number;
  demos: number;
}

/** Registers `lmkit icl analyze` and `lmkit icl dual-form`. */
export const registerIclCommands: RegisterCommands = (program, rt) => {
  const icl = program.command('icl').description('in-context learning as implicit finetuning (Dai et al. 2023): dual form, ICL-vs-FT metrics with baselines');

  icl
    .command('analyze')
    .description('pre-train a small GPT until ICL appears, then compare ICL with finetuning (Rec2FTP, SimAOU, SimAM) beside untrained/random/shuffled/permuted/layer-causal baselines and the paper; momentum-attention ablation')
    .option('--quick', 'small sizes (a few minutes on 2 cores)')
    .option('--out <dir>', 'folder for report.md, report.json, the chart and the resumable model files', 'lmkit-icl')
    .action(async (flags: AnalyzeFlags) => {
      await checkOutDir(flags.out);
      await rt.initBackend();
      const { reproduceIcl } = await import('@lmkit/icl/node');
      const { seed } = rt.globals();
      const quick = Boolean(flags.quick);
      const workDir = join(flags.out, '.work');
      await mkdir(workDir, { recursive: true });
      const section = await reproduceIcl({ quick, seed, workDir, progress: rt.progress() });
      await mkdir(join(flags.out, 'charts'), { recursive: true });
      const charts: string[] = [];
      for (const chart of section.charts) {
        const files = chartFiles(section.id, chart.id);
        await rt.writeFileAtomic(join(flags.out, files.spec), `${JSON.stringify(chart.spec, null, 2)}\n`);
        await rt.writeFileAtomic(join(flags.out, files.svg), await renderChartSvg(chart.spec));
        charts.push(`![${chart.title}](${files.svg})`);
      }
      const md = [`# ${section.title}`, '', renderSectionBody(section), '', ...charts, '', `Took ${section.seconds.toFixed(0)} s (${quick ? 'quick' : 'full'}, seed ${seed}).`, ''].join('\n');
      await rt.writeFileAtomic(join(flags.out, 'report.md'), md);
      await rt.writeFileAtomic(join(flags.out, 'report.json'), `${JSON.stringify(section, null, 2)}\n`);
      rt.output({ out: flags.out, comparisons: section.comparisons, seconds: section.seconds }, () => `${renderSectionBody(section)}\n\nwrote ${join(flags.out, 'report.md')}, report.json and ${charts.length} chart(s)`);
    });

  icl
    .command('dual-form')
    .description('check the dual form of linear attention on a random case: attention output vs (W_ZSL + ΔW_ICL)·q, float64 and tfjs float32')
    .option('--dim <n>', 'token width', integerOption({ min: 1, max: 4096 }), 16)
    .option('--demos <n>', 'demonstration tokens', integerOption({ min: 1, max: 100_000 }), 32)
    .action(async (flags: DualFlags) => {
      await rt.initBackend();
      const { Rng } = await import('@lmkit/tensor');
      const { dualForm, dualFormTf, randomMatrix } = await import('@lmkit/icl');
      const rng = new Rng(rt.globals().seed);
      const g = (): number => rng.normal();
      const d = flags.dim;
      const input = {
        wK: randomMatrix(d, d, g, 1 / Math.sqrt(d)),
        wV: randomMatrix(d, d, g, 1 / Math.sqrt(d)),
        demos: randomMatrix(flags.demos, d, g),
        context: randomMatrix(4, d, g),
        query: Float64Array.from({ length: d }, g),
      };
      const r64 = dualForm(input);
      const r32 = dualFormTf(input);
      const out = { dim: d, demos: flags.demos, float64MaxAbsDiff: r64.maxAbsDiff, float32MaxAbsDiff: r32.maxAbsDiff };
      rt.output(out, () => `dual form, d=${d}, ${flags.demos} demo tokens: max |attention − (W_ZSL + ΔW_ICL)q| = ${r64.maxAbsDiff.toExponential(2)} (float64), ${r32.maxAbsDiff.toExponential(2)} (tfjs float32)`);
    });
};

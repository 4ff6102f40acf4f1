/**
 * Does beam search pay for the trace model? Greedy decoding (batched, the default) against beam
 * search of each width, on the same held-out programs of a trace run's work folder, scored with
 * CodeExecutor's metrics; time as a ratio to greedy, measured in this process (CPU seconds of the
 * process, which stay comparable on a shared machine). Predictions stop at 2 × the gold trace's
 * tokens + 16, as in `lmkit reproduce`.
 *
 *   npx tsx --conditions @lmkit/source bench/trace-beam.ts [--work lmkit-out/.work/trace] [--model FILE] [--n 100] [--widths 1,2,4]
 *     [--sets singleline,tutorial,codenetmut]
 *
 * The work folder is the one `lmkit reproduce` (or `--quick`) leaves; its model is used unless
 * --model names another file (e.g. a copy of a full run's checkpoint).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { initBackend } from '@lmkit/tensor';
import { evaluateModel, parseDatasetJsonl, type EvalItem, type TracePrefix } from '@lmkit/trace';
import { loadTraceModel } from '@lmkit/trace/node';
import { argFlag, fmt } from './trace-common.js';

const work = argFlag('--work') ?? 'lmkit-out/.work/trace';
const modelFile = argFlag('--model') ?? join(work, 'trace-model.lmkit');
const N = Number(argFlag('--n') ?? 100);
const widths = (argFlag('--widths') ?? '1,2,4').split(',').map(Number);
/** Held-out split of each work-folder file, with its prompt prefix. */
const SETS: Array<{ key: string; name: string; file: string; prefix: TracePrefix }> = [
  { key: 'singleline', name: 'SingleLine (held-out programs)', file: 'singleline2.jsonl', prefix: 'singleline' },
  { key: 'tutorial', name: 'Tutorial-style (held-out programs)', file: 'teaching.jsonl', prefix: 'tutorial' },
  { key: 'codenetmut', name: 'CodeNetMut analogue', file: 'codenetmut.jsonl', prefix: 'codenet' },
];
const only = new Set((argFlag('--sets') ?? SETS.map((s) => s.key).join(',')).split(','));

await initBackend();
const { model, trainer } = await loadTraceModel(modelFile).catch((e: Error) => {
  console.error(`trace-beam: ${e.message} — run \`pnpm lmkit reproduce --quick\` first, or pass --work/--model`);
  process.exit(1);
});
trainer?.dispose();
const pct = (x: number | null): string => (x === null ? '—' : fmt(100 * x, 1));
console.log(`beam search vs greedy — ${modelFile}, first ${N} held-out programs per set`);
console.log('set | width | trace acc % | output acc % | line F1 % | identifier F1 % | CPU s | × greedy');
for (const set of SETS.filter((s) => only.has(s.key))) {
  const text = await readFile(join(work, set.file), 'utf8').catch(() => null);
  if (text === null) continue;
  const items: EvalItem[] = parseDatasetJsonl(text, set.file)
    .filter((r) => r.split === 'test')
    .slice(0, N)
    .map((r) => ({ source: r.source, trace: r.trace, prefix: set.prefix }));
  if (items.length === 0) continue;
  let greedyCpu = 0;
  for (const width of widths) {
    const c0 = process.cpuUsage();
    const score = evaluateModel(model, items, { beamWidth: width, capFactor: 2 });
    const c = process.cpuUsage(c0);
    const cpu = (c.user + c.system) / 1e6;
    if (width === 1) greedyCpu = cpu;
    const m = score.metrics;
    const ratio = greedyCpu > 0 ? `${fmt(cpu / greedyCpu, 2)}×` : '—';
    console.log(`${set.name} (${items.length}) | ${width} | ${pct(m.traceAccuracy)} | ${pct(m.outputAccuracy)} | ${pct(m.lines.f1)} | ${pct(m.identifiers.f1)} | ${fmt(cpu, 1)} | ${ratio}`);
  }
}
model.dispose();

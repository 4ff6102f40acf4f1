/**
 * Benchmark: the dual form computed two ways (float64 and tfjs float32) on the same inputs, timed in one run and
 * reported as ratios to the float64 attention form (`dualForm`). Not part of the test run.
 *   npx tsx bench/icl-dual-form.ts
 */
import { initBackend, Rng } from '@lmkit/tensor';
import { dualForm, dualFormTf, randomMatrix } from '@lmkit/icl';

await initBackend();
const rng = new Rng(1);
const g = (): number => rng.normal();
for (const [d, n] of [
  [16, 64],
  [64, 256],
  [128, 512],
] as const) {
  const input = { wK: randomMatrix(d, d, g, 1 / Math.sqrt(d)), wV: randomMatrix(d, d, g, 1 / Math.sqrt(d)), demos: randomMatrix(n, d, g), context: randomMatrix(8, d, g), query: Float64Array.from({ length: d }, g) };
  const time = (f: () => unknown, reps: number): number => {
    f();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    return (performance.now() - t0) / reps;
  };
  const reps = d >= 128 ? 5 : 30;
  const base = time(() => dualForm(input), reps);
  const tf32 = time(() => dualFormTf(input), reps);
  console.log(`d=${d} demos=${n}: dualFormTf / dualForm time ratio ${(tf32 / base).toFixed(2)} (float64 max diff ${dualForm(input).maxAbsDiff.toExponential(1)}, float32 ${dualFormTf(input).maxAbsDiff.toExponential(1)})`);
}

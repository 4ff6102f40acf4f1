/**
 * Benchmark of the @lmkit/tensor core: matmul GFLOP/s and training tokens/s on the tfjs `wasm`
 * backend against `cpu`, measured in the same process, printed as ratios.
 *
 *   npx tsx --conditions @lmkit/source bench/tensor.ts [--quick]   (from the repo root)
 *
 * Targets (issue 3): training throughput wasm ≥ 20× cpu; matmul on wasm ≥ 80 % of the best
 * wasm-SIMD figure in shared/PITFALLS.md (17.5 GFLOP/s in Node).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
// The repo root has no dependencies of its own: load the core from its sources and tfjs from
// the tensor package's node_modules (the same module instance the core uses).
import { initBackend, matMul, sampleLmBatch, Trainer, Transformer, type BackendName } from '../packages/tensor/src/index.js';

const requireFromTensor = createRequire(new URL('../packages/tensor/package.json', import.meta.url));
const tf = (await import(pathToFileURL(requireFromTensor.resolve('@tensorflow/tfjs')).href)) as typeof import('@tensorflow/tfjs');

/** Best wasm-SIMD matmul figure measured in Node on this machine kind (shared/PITFALLS.md). */
const PITFALLS_BEST_WASM_GFLOPS = 17.5;
const quick = process.argv.includes('--quick');

tf.env().set('PROD', true);

/**
 * Seconds per call of `f`: the fastest of `reps` timed calls after one warm-up. On a shared,
 * loaded machine the minimum is the best estimate of the unloaded speed (noise only adds time).
 */
function timeIt(reps: number, f: () => void): number {
  f(); // warm-up
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best / 1000;
}

function matmulGflops(n: number, reps: number, transposeB = false, ours = false): number {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  const s = timeIt(reps, () => {
    const c = ours ? matMul(a, b, false, transposeB) : tf.matMul(a, b, false, transposeB);
    c.dataSync();
    c.dispose();
  });
  tf.dispose([a, b]);
  return (2 * n ** 3) / s / 1e9;
}

function trainTokensPerSec(steps: number): number {
  const V = 96;
  const tokens = Array.from({ length: 20_000 }, (_, i) => (i * 31 + ((i / 5) | 0)) % V);
  const model = new Transformer({ vocabSize: V, dModel: 64, numHeads: 4, numLayers: 2, seed: 1 });
  const trainer = new Trainer(model, { totalSteps: steps + 1 });
  const B = 8;
  const T = 64;
  let step = 0;
  const s = timeIt(steps, () => trainer.trainStep(sampleLmBatch(tokens, B, T, 1, step++)));
  model.dispose();
  trainer.dispose();
  return (B * T) / s;
}

interface Row {
  backend: BackendName;
  matmul512: number;
  matmul512TransB: number;
  matmul512TransBOurs: number;
  trainTokS: number;
}

async function measure(backend: BackendName): Promise<Row> {
  const info = await initBackend({ backend });
  if (info.backend !== backend) throw new Error(`could not start the ${backend} backend`);
  const fast = backend === 'wasm';
  return {
    backend,
    matmul512: matmulGflops(512, fast ? 20 : 2),
    matmul512TransB: matmulGflops(512, fast ? 3 : 2, true),
    matmul512TransBOurs: matmulGflops(512, fast ? 20 : 2, true, true),
    trainTokS: trainTokensPerSec(fast ? (quick ? 5 : 20) : quick ? 2 : 4),
  };
}

const wasm = await measure('wasm');
const cpu = await measure('cpu');
const fmt = (x: number, d = 2) => x.toFixed(d);
console.log('tfjs', tf.version_core, '| node', process.version, '| model d=64 L=2 H=4, batch 8×64 tokens | best of N timed calls');
console.log('');
console.log('measure                                 wasm        cpu   wasm/cpu');
const line = (label: string, w: number, c: number, unit: string) =>
  console.log(`${label.padEnd(34)} ${fmt(w).padStart(9)} ${fmt(c).padStart(10)} ${fmt(w / c, 1).padStart(9)}×   ${unit}`);
line('matmul 512³', wasm.matmul512, cpu.matmul512, 'GFLOP/s');
line('matmul 512³, transposeB flag', wasm.matmul512TransB, cpu.matmul512TransB, 'GFLOP/s');
line('matmul 512³, lmkit matMul (ᵀ copy)', wasm.matmul512TransBOurs, cpu.matmul512TransBOurs, 'GFLOP/s');
line('training throughput', wasm.trainTokS, cpu.trainTokS, 'tokens/s');
console.log('');
console.log(`wasm matmul / PITFALLS best wasm-SIMD (${PITFALLS_BEST_WASM_GFLOPS} GFLOP/s): ${fmt((100 * wasm.matmul512) / PITFALLS_BEST_WASM_GFLOPS, 0)} %  (target ≥ 80 %)`);
console.log(`training wasm/cpu: ${fmt(wasm.trainTokS / cpu.trainTokS, 1)}×  (target ≥ 20×)`);
console.log(`lmkit matMul vs tf.matMul with transposeB on wasm: ${fmt(wasm.matmul512TransBOurs / wasm.matmul512TransB, 1)}×`);

/**
 * Benchmark of the @lmkit/tensor core, measured in one process and printed as ratios:
 * 1. matmul GFLOP/s and training tokens/s on the tfjs `wasm` backend against `cpu`;
 * 2. training MFU (model FLOP utilisation) of d = 64, 128 and 256 models on wasm against the
 *    wasm matmul peak measured in the same process, with where a step's time goes.
 *
 *   npx tsx --conditions @lmkit/source bench/tensor.ts [--quick] [--mfu-only] [--profile]
 *
 * Targets: training wasm ≥ 20× cpu (issue 3); MFU ≥ 50 % at d = 256 and ≥ 30 % at d = 128 (issue 16).
 *
 * MFU = (6·N + 12·L·T·d) · tokens/s ÷ peak, with N every parameter (the tied embedding counted once:
 * it is the output projection's matrix) and 12·L·T·d the attention FLOPs per token (QKᵀ and P·V,
 * 2·T·d each forward per layer, ×3 for forward + backward, over the full T×T square as the dense
 * masked kernels compute it; PaLM's convention). Peak = the fastest plain wasm matMul among square
 * and transformer-shaped products in this process. Both are measured by wall clock and by this
 * process's CPU time (the steadier figure on a machine other jobs share); fastest of N each.
 */
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { initBackend, matMul, sampleLmBatch, Trainer, Transformer, type BackendName } from '@lmkit/tensor';

/** Best wasm-SIMD matmul figure measured in Node on this machine kind (shared/PITFALLS.md). */
const PITFALLS_BEST_WASM_GFLOPS = 17.5;
const quick = process.argv.includes('--quick');
const mfuOnly = process.argv.includes('--mfu-only');
const profile = process.argv.includes('--profile') || !quick;

tf.env().set('PROD', true);

/**
 * Seconds per call of `f`: the fastest of `reps` timed calls after one warm-up. On a shared,
 * loaded machine the minimum is the best estimate of the unloaded speed (noise only adds time).
 */
function timeIt(reps: number, f: () => void): number {
  return timeBoth(reps, f).wall;
}

/**
 * Fastest of `reps` calls in wall-clock seconds and in this process's CPU seconds (user + system,
 * all threads: V8's compiler and GC threads count too, so it never flatters). tfjs-wasm computes on
 * the main thread only, so on a machine shared with other jobs CPU time is the steadier estimate of
 * the idle speed; on an idle machine the two agree.
 */
function timeBoth(reps: number, f: () => void): { wall: number; cpu: number } {
  f(); // warm-up
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t = performance.now();
    f();
    wall = Math.min(wall, (performance.now() - t) / 1000);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1e6);
  }
  return { wall, cpu };
}

function matmulGflops(m: number, k: number, n: number, reps: number, transposeB = false, ours = false): number {
  return matmulRate(m, k, n, reps, transposeB, ours).wall;
}

/** GFLOP/s of one matMul shape, by wall-clock and by CPU time (fastest of `reps`). */
function matmulRate(m: number, k: number, n: number, reps: number, transposeB = false, ours = false): { wall: number; cpu: number } {
  const a = tf.randomNormal([m, k]);
  const b = tf.randomNormal(transposeB ? [n, k] : [k, n]);
  const t = timeBoth(reps, () => {
    const c = ours ? matMul(a, b, false, transposeB) : tf.matMul(a, b, false, transposeB);
    c.dataSync();
    c.dispose();
  });
  tf.dispose([a, b]);
  const flop = 2 * m * k * n;
  return { wall: flop / t.wall / 1e9, cpu: flop / t.cpu / 1e9 };
}

/** Synthetic token stream over `V` ids (its content does not change the cost of a step). */
function tokenStream(V: number): number[] {
  return Array.from({ length: 50_000 }, (_, i) => (i * 31 + ((i / 5) | 0)) % V);
}

function trainTokensPerSec(steps: number): number {
  const V = 96;
  const tokens = tokenStream(V);
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
    matmul512: matmulGflops(512, 512, 512, fast ? 20 : 2),
    matmul512TransB: matmulGflops(512, 512, 512, fast ? 3 : 2, true),
    matmul512TransBOurs: matmulGflops(512, 512, 512, fast ? 20 : 2, true, true),
    trainTokS: trainTokensPerSec(fast ? (quick ? 5 : 20) : quick ? 2 : 4),
  };
}

const fmt = (x: number, d = 2) => x.toFixed(d);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');

if (!mfuOnly) {
  const wasm = await measure('wasm');
  const cpu = await measure('cpu');
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
  console.log('');
}

// ---- MFU ----------------------------------------------------------------------------------

/** A benchmarked model: width, depth, heads, batch × context, vocabulary. */
interface MfuSpec {
  d: number;
  L: number;
  H: number;
  B: number;
  T: number;
  V: number;
}

/** Sizes like the ones the experiments train (trace model, PICL: ≥ 1M parameters, contexts to 512). */
const MFU_SPECS: MfuSpec[] = [
  { d: 64, L: 2, H: 4, B: 16, T: 128, V: 512 },
  { d: 128, L: 4, H: 4, B: 8, T: 256, V: 512 },
  { d: 256, L: 4, H: 8, B: 8, T: 256, V: 512 },
];

/** Kernel families of the step-time breakdown. */
const FAMILIES: [string, RegExp][] = [
  ['matmul', /^(BatchMatMul|_FusedMatMul|DepthwiseConv2dNative|Conv2D)$/],
  ['fused attention', /^LmkitCausalAttention/],
  ['fused norm/GELU/loss/AdamW', /^Lmkit/],
  ['transpose', /^Transpose$/],
  ['softmax', /^(Softmax|LogSoftmax|Exp|Log|Max)$/],
  ['reduce', /^(Sum|Mean|Prod|AddN)$/],
];

function family(kernel: string): string {
  for (const [name, re] of FAMILIES) if (re.test(kernel)) return name;
  return 'elementwise/other';
}

/** Per-family kernel milliseconds of one training step (tf.profile), plus the JS/dispatch rest. */
async function stepBreakdown(run: () => void): Promise<{ wall: number; byFamily: Map<string, number>; kernels: number }> {
  const t0 = performance.now();
  const prof = await tf.profile(run);
  const wall = performance.now() - t0;
  const byFamily = new Map<string, number>();
  let kernels = 0;
  for (const k of prof.kernels) {
    // Scopes (custom gradients, composite ops) contain kernels that are listed on their own.
    if (!tf.getKernel(k.name, tf.getBackend())) continue;
    kernels++;
    const f = family(k.name);
    byFamily.set(f, (byFamily.get(f) ?? 0) + (k.kernelTimeMs as number));
  }
  return { wall, byFamily, kernels };
}

async function mfu(): Promise<void> {
  await initBackend({ backend: 'wasm' });
  const reps = quick ? 3 : 10;
  const shapes: [number, number, number][] = [
    [256, 256, 256],
    [512, 512, 512],
    [1024, 1024, 1024],
    [2048, 256, 1024],
    [2048, 1024, 256],
  ];
  // The peak is measured before and after the models (best of both), so a busy spell of the
  // machine during one of them does not lower it.
  const rates = shapes.map(([m, k, n]) => matmulRate(m, k, n, reps));
  const remeasurePeak = () =>
    shapes.forEach(([m, k, n], i) => {
      const r = matmulRate(m, k, n, reps);
      rates[i] = { wall: Math.max(rates[i]!.wall, r.wall), cpu: Math.max(rates[i]!.cpu, r.cpu) };
    });
  const peakOf = () => ({ wall: Math.max(...rates.map((r) => r.wall)), cpu: Math.max(...rates.map((r) => r.cpu)) });
  console.log(`MFU on wasm | load average at start ${load()} | fastest of N | attention FLOPs/token = 12·L·T·d`);
  console.log('');
  const rows: { s: MfuSpec; N: number; t: { wall: number; cpu: number }; flopPerStep: number }[] = [];
  const breakdowns: string[] = [];
  for (const s of MFU_SPECS) {
    const tokens = tokenStream(s.V);
    const model = new Transformer({ vocabSize: s.V, dModel: s.d, numHeads: s.H, numLayers: s.L, seed: 1 });
    const trainer = new Trainer(model, { totalSteps: 1000 });
    let step = 0;
    const run = () => trainer.trainStep(sampleLmBatch(tokens, s.B, s.T, 1, step++));
    const t = timeBoth(quick ? 3 : 6, run);
    const N = model.parameterCount();
    rows.push({ s, N, t, flopPerStep: (6 * N + 12 * s.L * s.T * s.d) * s.B * s.T });
    if (profile) {
      const b = await stepBreakdown(run);
      const kernelMs = [...b.byFamily.values()].reduce((x, y) => x + y, 0);
      const parts = [...b.byFamily].sort((x, y) => y[1] - x[1]).map(([f, ms]) => `${f} ${fmt((100 * ms) / b.wall, 0)} %`);
      parts.push(`JS/dispatch ${fmt((100 * Math.max(0, b.wall - kernelMs)) / b.wall, 0)} %`);
      breakdowns.push(`  d=${s.d}: profiled step ${fmt(b.wall, 0)} ms, ${b.kernels} kernels: ${parts.join(', ')}`);
    }
    model.dispose();
    trainer.dispose();
  }
  remeasurePeak();
  const peak = peakOf();
  console.log(
    `matmul peak ${fmt(peak.wall, 1)} GFLOP/s wall, ${fmt(peak.cpu, 1)} per CPU second (fastest of ` +
      `${shapes.map(([m, k, n], i) => `${m}×${k}×${n}: ${fmt(rates[i]!.wall, 1)}/${fmt(rates[i]!.cpu, 1)}`).join(', ')}) | load average at end ${load()}`,
  );
  console.log('');
  console.log('   d   L   H  batch×T  vocab  params   step ms wall/CPU   tokens/s wall/CPU   MFU wall   MFU CPU');
  for (const { s, N, t, flopPerStep } of rows) {
    const mfuOf = (sec: number, pk: number) => (100 * flopPerStep) / sec / 1e9 / pk;
    console.log(
      `${String(s.d).padStart(4)} ${String(s.L).padStart(3)} ${String(s.H).padStart(3)} ${`${s.B}×${s.T}`.padStart(8)} ${String(s.V).padStart(6)} ${String(N).padStart(8)}  ` +
        `${`${fmt(t.wall * 1000, 0)}/${fmt(t.cpu * 1000, 0)}`.padStart(17)}  ${`${fmt((s.B * s.T) / t.wall, 0)}/${fmt((s.B * s.T) / t.cpu, 0)}`.padStart(17)}  ` +
        `${fmt(mfuOf(t.wall, peak.wall), 1).padStart(7)} %  ${fmt(mfuOf(t.cpu, peak.cpu), 1).padStart(6)} %`,
    );
  }
  if (breakdowns.length) {
    console.log('');
    console.log('step-time breakdown (tf.profile of one step, wall clock; profiling adds overhead):');
    for (const l of breakdowns) console.log(l);
  }
  console.log('');
  console.log('targets: MFU ≥ 50 % at d = 256, ≥ 30 % at d = 128');
}

await mfu();

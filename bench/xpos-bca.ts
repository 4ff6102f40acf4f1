/**
 * Blockwise causal attention (BCA) vs full causal attention, one process, forward pass of one
 * attention layer with XPOS-rotated q/k. Prints times, BCA/full ratios, BCA's t(16k)/t(4k)
 * (linear scaling gives 4; target ≤ 4.5) and, as a baseline for the chunking, BCA computed with all
 * blocks in one piece; then the same scaling for forward + backward (gradients of q, k, v). Full causal attention builds an N×N score matrix: sizes
 * whose estimate exceeds the memory budget are skipped and said so.
 *
 *   npx tsx --conditions @lmkit/source bench/xpos-bca.ts
 *   LMKIT_BENCH_BUDGET_MB=2048 … to allow larger dense runs
 */
import * as tf from '@tensorflow/tfjs';
import { causalPattern, initBackend, Rng, type AttentionPattern } from '@lmkit/tensor';
import { bca, xpos } from '@lmkit/xpos';

type Tensor = tf.Tensor;
type Tensor4D = tf.Tensor4D;

const SIZES = [1024, 2048, 4096, 8192, 16384];
const HEADS = 2;
const HEAD_DIM = 32;
const WINDOW = 512; // training length w: blocks of 256
const REPEATS = 5;
const BUDGET_MB = Number(process.env.LMKIT_BENCH_BUDGET_MB ?? 1024);

/** Rough peak bytes of dense causal attention: mask (JS + tensor), scores, probabilities. */
function denseBytes(n: number): number {
  return 4 * n * n * (2 + 3 * HEADS);
}

/** BCA with every block in one batched piece (no chunking): what `bca` did before chunks. */
const bcaOnePiece: AttentionPattern = bca(WINDOW, { chunkBlocks: Number.POSITIVE_INFINITY });

/** `[1, HEADS, n, HEAD_DIM]` standard-normal tensors, seeded by `n`. */
function randomHeads(n: number, count: number): Tensor4D[] {
  const rng = new Rng(n);
  return Array.from({ length: count }, () => tf.tensor4d(rng.normalArray(HEADS * n * HEAD_DIM), [1, HEADS, n, HEAD_DIM]));
}

/** Fastest of REPEATS timed calls of `work` (after one warm-up), reading back and freeing what it returns. */
function fastest(work: () => Tensor[]): number {
  const run = (): number => {
    const t0 = performance.now();
    const out = work();
    out.forEach((x) => x.dataSync());
    tf.dispose(out);
    return performance.now() - t0;
  };
  run(); // warm-up
  return Math.min(...Array.from({ length: REPEATS }, run));
}

/** Fastest forward pass of one attention layer with XPOS-rotated q/k at length n. */
function timeAttention(pattern: typeof causalPattern, n: number): number {
  const [q0, k0, v] = randomHeads(n, 3) as [Tensor4D, Tensor4D, Tensor4D];
  const [q, k] = xpos().rotate!(q0, k0, 0, 0);
  const t = fastest(() => [pattern.attend({ q, k, v, qStart: 0, kStart: 0 }).out]);
  tf.dispose([q0, k0, v, q, k]);
  return t;
}

/** Fastest forward + backward (gradients w.r.t. q, k, v) of BCA at length n. */
function timeGradients(chunkBlocks: number | undefined, n: number): number {
  const inputs = randomHeads(n, 3);
  const pattern = bca(WINDOW, chunkBlocks === undefined ? {} : { chunkBlocks });
  const grads = tf.grads((a: Tensor, c: Tensor, e: Tensor) => pattern.attend({ q: a as Tensor4D, k: c as Tensor4D, v: e as Tensor4D, qStart: 0, kStart: 0 }).out.sum());
  const t = fastest(() => grads(inputs));
  tf.dispose(inputs);
  return t;
}

async function main(): Promise<void> {
  const info = await initBackend();
  console.log(`backend ${info.backend}; heads ${HEADS}, head dim ${HEAD_DIM}, BCA window ${WINDOW} (blocks of ${WINDOW / 2}); fastest of ${REPEATS} (robust to interference from other processes)`);
  console.log(`dense budget ${BUDGET_MB} MB (set LMKIT_BENCH_BUDGET_MB to change)\n`);
  const pattern = bca(WINDOW);
  const rows: { n: number; bca: number; onePiece: number; full: number | null }[] = [];
  for (const n of SIZES) {
    const tb = timeAttention(pattern, n);
    const t1 = timeAttention(bcaOnePiece, n);
    const fits = denseBytes(n) / 2 ** 20 <= BUDGET_MB;
    const tf_ = fits ? timeAttention(causalPattern, n) : null;
    rows.push({ n, bca: tb, onePiece: t1, full: tf_ });
    const full = tf_ === null ? `skipped (needs ~${(denseBytes(n) / 2 ** 20).toFixed(0)} MB > budget)` : `${tf_.toFixed(1)} ms`;
    const ratio = tf_ === null ? '—' : `${(tb / tf_).toFixed(3)}`;
    console.log(`N=${String(n).padStart(5)}  bca ${tb.toFixed(1).padStart(7)} ms   one piece ${t1.toFixed(1).padStart(7)} ms (bca/one piece ${(tb / t1).toFixed(2)})   full ${full.padStart(10)}   bca/full ${ratio}`);
  }
  const t4 = rows.find((r) => r.n === 4096)!.bca;
  const t16 = rows.find((r) => r.n === 16384)!.bca;
  const scaling = t16 / t4;
  console.log(`\nBCA t(16k)/t(4k) = ${scaling.toFixed(2)} (linear = 4, target ≤ 4.5: ${scaling <= 4.5 ? 'met' : 'NOT met'})`);
  const one = (n: number) => rows.find((r) => r.n === n)!.onePiece;
  console.log(`BCA in one piece t(16k)/t(4k) = ${(one(16384) / one(4096)).toFixed(2)} (the baseline the chunks replace)`);
  const g4 = timeGradients(undefined, 4096);
  const g16 = timeGradients(undefined, 16384);
  const o4 = timeGradients(Number.POSITIVE_INFINITY, 4096);
  const o16 = timeGradients(Number.POSITIVE_INFINITY, 16384);
  console.log(`forward + backward: chunked ${g4.toFixed(0)} / ${g16.toFixed(0)} ms at 4k / 16k (t(16k)/t(4k) = ${(g16 / g4).toFixed(2)}), one piece ${o4.toFixed(0)} / ${o16.toFixed(0)} ms (${(o16 / o4).toFixed(2)})`);
  const fullRows = rows.filter((r) => r.full !== null);
  if (fullRows.length >= 2) {
    const a = fullRows[fullRows.length - 2]!;
    const b = fullRows[fullRows.length - 1]!;
    console.log(`full causal t(${b.n})/t(${a.n}) = ${(b.full! / a.full!).toFixed(2)} (quadratic = ${((b.n / a.n) ** 2).toFixed(0)})`);
  }
}

await main();

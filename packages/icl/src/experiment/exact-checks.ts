import { Rng } from '@lmkit/tensor';
import { dualForm } from '../dual/dual-form.js';
import { dualFormTf } from '../dual/dual-form-tf.js';
import { gdStepLinearRegression, linearSelfAttention, regressionTokens, vonOswaldWeights } from '../gd/von-oswald.js';
import { trainLsaOnRegression } from '../gd/lsa-train.js';
import { matVec, maxAbsDiff, randomMatrix, row } from '../linalg/matrix.js';
import type { ExactChecks } from './report.js';

/** Runs the exact checks reported beside the analysis (seeded, about a second). */
export function runExactChecks(seed: number, quick: boolean): ExactChecks {
  const rng = new Rng(seed + 31);
  const g = (): number => rng.normal();
  const d = 16;
  const input = {
    wK: randomMatrix(8, d, g, 0.25),
    wV: randomMatrix(8, d, g, 0.25),
    wQ: randomMatrix(8, d, g, 0.25),
    demos: randomMatrix(24, d, g),
    context: randomMatrix(4, d, g),
    query: Float64Array.from({ length: d }, g),
  };
  const dual = dualForm(input);
  const tfRes = dualFormTf(input);
  const [dx, dy, n, lr] = [5, 2, 12, 0.7];
  const w0 = randomMatrix(dy, dx, g);
  const xs = randomMatrix(n, dx, g);
  const ys = randomMatrix(n, dy, g);
  const xq = Float64Array.from({ length: dx }, g);
  const w1 = gdStepLinearRegression({ w0, xs, ys, lr });
  const out = linearSelfAttention(regressionTokens(xs, ys, xq, w0), vonOswaldWeights({ dx, dy, w0, lr, n }), n);
  const pred = Array.from(row(out, n).subarray(dx), (v) => -v);
  const lsa = trainLsaOnRegression({ seed, steps: quick ? 1500 : 4000 });
  return {
    dualFormMaxAbsDiff: dual.maxAbsDiff,
    dualFormTfMaxAbsDiff: tfRes.maxAbsDiff,
    vonOswaldMaxAbsDiff: maxAbsDiff(pred, matVec(w1, xq)),
    lsa: {
      lsaLoss: lsa.lsaLoss,
      gdLoss: lsa.gdLoss,
      zeroLoss: lsa.zeroLoss,
      weightCosine: lsa.weightCosine,
      sensitivityCosine: lsa.sensitivityCosine,
      predictionGap: lsa.predictionGap,
    },
  };
}

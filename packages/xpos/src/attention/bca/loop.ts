import * as tf from '@tensorflow/tfjs';
import { causalMask, denseAttention, LmkitError, MASKED_SCORE, type AttentionInputs, type AttentionResult } from '@lmkit/tensor';
import { XPOS_ERROR_CODES } from '../../errors.js';

/**
 * BCA as a loop over blocks of queries, each against the keys it may see. Handles any query and
 * key ranges (a KV cache: queries after the first key) and can return scores in the dense
 * `[B, H, Tq, Tk]` layout. tfjs-wasm's Slice kernel copies its whole input, so each block costs
 * O(N) extra: fine for decoding (one or two query blocks) and for scores (O(N²) anyway); full
 * passes go through `bcaBlocked`.
 */
export function bcaLoop(inputs: AttentionInputs, block: number): AttentionResult {
  const { q, k, v, qStart, kStart, bias, wantScores } = inputs;
  const kEnd = kStart + k.shape[2];
  const qEnd = qStart + q.shape[2];
  return tf.tidy(() => {
    const outs: tf.Tensor4D[] = [];
    // Full blocks share one geometry: build each distinct causal mask once per call.
    const masks = new Map<string, tf.Tensor2D>();
    const maskFor = (qs: number, ql: number, ks: number, kl: number): tf.Tensor2D => {
      const key = `${qs - ks}:${ql}:${kl}`;
      let m = masks.get(key);
      if (!m) {
        m = causalMask(qs, ql, ks, kl);
        masks.set(key, m);
      }
      return m;
    };
    const rows: tf.Tensor4D[] = [];
    for (let qs = qStart; qs < qEnd; ) {
      const blk = Math.floor(qs / block);
      const qe = Math.min(qEnd, (blk + 1) * block);
      const ks = Math.max(kStart, (blk - 1) * block);
      const ke = Math.min(kEnd, qe);
      if (ke <= ks) {
        throw new LmkitError(
          XPOS_ERROR_CODES.lengthNotCovered,
          `BCA: queries ${qs}…${qe - 1} see no keys (keys cover ${kStart}…${kEnd - 1}); pass keys up to the query positions`,
        );
      }
      const qb = q.slice([0, 0, qs - qStart, 0], [-1, -1, qe - qs, -1]) as tf.Tensor4D;
      const kb = k.slice([0, 0, ks - kStart, 0], [-1, -1, ke - ks, -1]) as tf.Tensor4D;
      const vb = v.slice([0, 0, ks - kStart, 0], [-1, -1, ke - ks, -1]) as tf.Tensor4D;
      let additive: tf.Tensor = maskFor(qs, qe - qs, ks, ke - ks);
      if (bias) additive = additive.add(bias(qs, qe - qs, ks, ke - ks));
      const res = denseAttention(qb, kb, vb, additive, wantScores === true);
      outs.push(res.out);
      if (wantScores && res.scores) {
        const padded = res.scores.pad(
          [
            [0, 0],
            [0, 0],
            [0, 0],
            [ks - kStart, kEnd - ke],
          ],
          MASKED_SCORE,
        ) as tf.Tensor4D;
        rows.push(padded);
      }
      qs = qe;
    }
    const out = (outs.length === 1 ? outs[0]! : tf.concat(outs, 2)) as tf.Tensor4D;
    if (!wantScores) return { out };
    const scores = (rows.length === 1 ? rows[0]! : tf.concat(rows, 2)) as tf.Tensor4D;
    return { out, scores };
  });
}

import * as tf from '@tensorflow/tfjs';
import { causalMask, denseAttention, LmkitError, MASKED_SCORE, type AttentionInputs, type AttentionPattern, type AttentionResult } from '@lmkit/tensor';
import { XPOS_ERROR_CODES } from '../errors.js';
import { bcaBlockSize } from './bca-geometry.js';
import { bcaBlocked } from './bca-blocked.js';

/**
 * Blockwise causal attention (BCA, arXiv 2212.10554 §3.2) for training length `windowLength` = w:
 * positions are cut into blocks of w/2 (from position 0); a query attends causally inside its own
 * block and to the whole previous block, so it never sees more than w keys.
 *
 * Computed block by block: each block of queries is matched against at most two blocks of keys,
 * so time and memory are O(N·w·d) and no N×N matrix is built. When queries and keys cover the same
 * positions (a full forward pass) all blocks go through one batched matMul; otherwise (a KV cache:
 * queries later than the first key) a loop over query blocks. ALiBi works through the bias
 * callback, asked for each block's sub-range.
 *
 * With `wantScores`, scores come back in the standard `[B, H, Tq, Tk]` layout (entries outside the
 * BCA window set to `MASKED_SCORE`), so `attentionResolution` and `Transformer.forward(…, {collect})`
 * read them like dense scores. That one output is O(N²): request it only at evaluation lengths.
 */
export function bca(windowLength: number): AttentionPattern {
  const block = bcaBlockSize(windowLength);
  return {
    name: 'bca',
    attend(inputs: AttentionInputs): AttentionResult {
      const { q, k, v, qStart, kStart, bias, wantScores } = inputs;
      const tq = q.shape[2];
      const tk = k.shape[2];
      const kEnd = kStart + tk;
      const qEnd = qStart + tq;
      if (!wantScores && qStart === kStart && tq === tk) return { out: bcaBlocked(q, k, v, qStart, block, bias) };
      return tf.tidy(() => {
        // Positions first ([T, B, H, d]) so each block is a contiguous slice: slicing the middle
        // axis of [B, H, T, d] makes tfjs-wasm copy the whole tensor per slice (O(N²) in total).
        const qT = q.transpose([2, 0, 1, 3]);
        const kT = k.transpose([2, 0, 1, 3]);
        const vT = v.transpose([2, 0, 1, 3]);
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
          const qb = rows4(qT, qs - qStart, qe - qs);
          const kb = rows4(kT, ks - kStart, ke - ks);
          const vb = rows4(vT, ks - kStart, ke - ks);
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
    },
  };
}

/** Rows `start … start+length−1` of a `[T, B, H, d]` tensor, back in `[B, H, length, d]` layout. */
function rows4(x: tf.Tensor, start: number, length: number): tf.Tensor4D {
  return x.slice([start, 0, 0, 0], [length, -1, -1, -1]).transpose([1, 2, 0, 3]) as tf.Tensor4D;
}

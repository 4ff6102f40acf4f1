import * as tf from '@tensorflow/tfjs';
import { disposeLayerTraces, type Transformer } from '@lmkit/tensor';

/** What one forward pass tells the analysis about a prompt. */
export interface ProbeResult {
  /** Logits of the task's label words (in class order) at the prediction position. */
  labelLogits: number[];
  /** Per layer: attention sub-layer output at the last position, `[dModel]`. */
  aou: Float32Array[];
  /** Per layer, per head: pre-softmax scores of the last position over the last `queryLength` positions. */
  am: Float32Array[][];
}

/** Index of the largest label logit: the predicted class. */
export function predictedClass(p: ProbeResult): number {
  let best = 0;
  p.labelLogits.forEach((v, i) => {
    if (v > p.labelLogits[best]!) best = i;
  });
  return best;
}

/** logit(true label) − the largest other label logit (> 0 iff the prediction is right). */
export function margin(p: ProbeResult, truth: number): number {
  let other = -Infinity;
  p.labelLogits.forEach((v, i) => {
    if (i !== truth && v > other) other = v;
  });
  return p.labelLogits[truth]! - other;
}

/**
 * Runs `ids` through `model` once, collecting per-layer attention (pre-softmax scores without
 * the position encoding's score bias, if it has one). The prediction is read at
 * `predPos`; the similarities at the last position (in the analysis, the first answer option's
 * label token appended after the prompt, as in the reference code).
 */
export function probe(model: Transformer, ids: number[], predPos: number, labels: readonly number[], queryLength: number): ProbeResult {
  const { logits, layers } = model.forward([ids], { collect: true });
  try {
    const T = ids.length;
    const row = tf.tidy(() => logits.slice([0, predPos, 0], [1, 1, -1]).reshape([-1]).dataSync());
    const labelLogits = labels.map((l) => row[l] as number);
    const aou: Float32Array[] = [];
    const am: Float32Array[][] = [];
    for (const layer of layers ?? []) {
      aou.push(tf.tidy(() => layer.attnOut.slice([0, T - 1, 0], [1, 1, -1]).reshape([-1]).dataSync() as Float32Array));
      const [, H] = layer.scores.shape;
      const s = tf.tidy(() => {
        let rows = layer.scores.slice([0, 0, T - 1, T - queryLength], [1, H, 1, queryLength]).reshape([H, queryLength]);
        // A position score bias (the same in every arm) is left out: SimAM compares q·k/√d_h.
        if (model.position.scoreBias) rows = rows.sub(model.position.scoreBias(H, T - 1, 1, T - queryLength, queryLength).reshape([H, queryLength]));
        return rows.arraySync() as number[][];
      });
      am.push(s.map((r) => Float32Array.from(r)));
    }
    return { labelLogits, aou, am };
  } finally {
    logits.dispose();
    disposeLayerTraces(layers);
  }
}

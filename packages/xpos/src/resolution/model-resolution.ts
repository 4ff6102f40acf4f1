import { disposeLayerTraces, type AttentionPattern, type Transformer } from '@lmkit/tensor';
import { ensure } from '../errors.js';
import { meanResolution, type ResolutionOptions } from './resolution.js';

/** Options of {@link modelAttentionResolution}. */
export interface ModelResolutionOptions extends ResolutionOptions {
  /** Evaluate with this attention pattern (e.g. BCA) instead of the model's. */
  pattern?: AttentionPattern;
  /** Skip queries before this position. Default 1. */
  minQueryPos?: number;
}

/** Attention resolution of a model: the overall mean and the mean of each layer. */
export interface ModelResolution {
  /** Mean over layers of `perLayer`. */
  mean: number;
  /** Per layer: mean R over windows, heads and query positions. */
  perLayer: number[];
}

/**
 * Attention resolution of a trained model on token windows (each of the evaluation length):
 * runs `forward(…, { collect: true })`, and averages R over every query position ≥ `minQueryPos`,
 * head, window, then over layers. Scores are the model's pre-softmax scores (q·k/√dh + bias).
 */
export function modelAttentionResolution(model: Transformer, windows: number[][], options: ModelResolutionOptions = {}): ModelResolution {
  ensure(windows.length > 0, 'modelAttentionResolution: give at least one token window');
  const sums: number[] = [];
  for (const w of windows) {
    const { logits, layers } = model.forward([w], { collect: true, ...(options.pattern ? { pattern: options.pattern } : {}) });
    logits.dispose();
    try {
      (layers ?? []).forEach((l, i) => {
        const shape = l.scores.shape as [number, number, number, number];
        const r = meanResolution(l.scores.dataSync(), shape, 0, 0, options);
        sums[i] = (sums[i] ?? 0) + r;
      });
    } finally {
      disposeLayerTraces(layers);
    }
  }
  const perLayer = sums.map((s) => s / windows.length);
  return { mean: perLayer.reduce((a, b) => a + b, 0) / perLayer.length, perLayer };
}

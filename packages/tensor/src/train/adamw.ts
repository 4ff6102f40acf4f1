import * as tf from '@tensorflow/tfjs';
import { ADAMW_STEP } from '../ops/wasm/adamw-kernel.js';
import { wasmKernelReady } from '../ops/wasm/register.js';

/** Hyper-parameters of {@link AdamW}. */
export interface AdamWOptions {
  /** Decay of the first moment. Default 0.9. */
  beta1?: number;
  /** Decay of the second moment. Default 0.999. */
  beta2?: number;
  /** Added to √v̂ in the denominator. Default 1e-8. */
  eps?: number;
  /** Decoupled weight decay (applied to matrices only: rank ≥ 2). Default 0.01. */
  weightDecay?: number;
}

/**
 * AdamW (Loshchilov & Hutter) with decoupled weight decay, written out so its state can be
 * saved in a checkpoint and restored for an exact resume.
 */
export class AdamW {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Number of updates applied. */
  step = 0;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();

  constructor(options: AdamWOptions = {}) {
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.eps = options.eps ?? 1e-8;
    this.weightDecay = options.weightDecay ?? 0.01;
  }

  /** Applies one update with learning rate `lr` to each named variable from its gradient. */
  apply(vars: Map<string, tf.Variable>, grads: Record<string, tf.Tensor>, lr: number): void {
    this.step += 1;
    const bc1 = 1 - Math.pow(this.beta1, this.step);
    const bc2 = 1 - Math.pow(this.beta2, this.step);
    for (const [name, g] of Object.entries(grads)) {
      const w = vars.get(name);
      if (!w) continue;
      const m = this.slot(this.m, name, w);
      const v = this.slot(this.v, name, w);
      const weightDecay = w.rank >= 2 ? this.weightDecay : 0;
      if (wasmKernelReady(ADAMW_STEP) && [w, g, m, v].every((t) => t.dtype === 'float32')) {
        // One fused kernel per parameter on wasm (same formula, float32 throughout).
        tf.tidy(() => {
          const attrs = { lr, beta1: this.beta1, beta2: this.beta2, bc1, bc2, eps: this.eps, weightDecay };
          const [w2, m2, v2] = tf.engine().runKernel(ADAMW_STEP, { w, g, m, v } as unknown as tf.NamedTensorMap, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
          m.assign(m2!);
          v.assign(v2!);
          w.assign(w2!);
        });
        continue;
      }
      tf.tidy(() => {
        m.assign(m.mul(this.beta1).add(g.mul(1 - this.beta1)));
        v.assign(v.mul(this.beta2).add(g.square().mul(1 - this.beta2)));
        const update = m.div(bc1).div(v.div(bc2).sqrt().add(this.eps));
        const decay = w.rank >= 2 && this.weightDecay > 0 ? w.mul(this.weightDecay) : null;
        w.assign(w.sub((decay ? update.add(decay) : update).mul(lr)));
      });
    }
  }

  private slot(map: Map<string, tf.Variable>, name: string, like: tf.Variable): tf.Variable {
    let s = map.get(name);
    if (!s) {
      const zeros = tf.zerosLike(like);
      s = tf.variable(zeros, false);
      zeros.dispose();
      map.set(name, s);
    }
    return s;
  }

  /** Moment tensors by name (`m.<param>`, `v.<param>`), for checkpoints. */
  stateTensors(): Map<string, tf.Variable> {
    const out = new Map<string, tf.Variable>();
    for (const [k, t] of this.m) out.set(`m.${k}`, t);
    for (const [k, t] of this.v) out.set(`v.${k}`, t);
    return out;
  }

  /** Restores moments and step from a checkpoint. */
  loadState(step: number, tensors: Map<string, tf.Tensor>): void {
    this.dispose();
    this.step = step;
    for (const [key, t] of tensors) {
      const dot = key.indexOf('.');
      const kind = key.slice(0, dot);
      const name = key.slice(dot + 1);
      const target = kind === 'm' ? this.m : kind === 'v' ? this.v : null;
      if (target) {
        const copy = t.clone();
        target.set(name, tf.variable(copy, false));
        copy.dispose();
      }
    }
  }

  /** Frees the moment tensors. */
  dispose(): void {
    for (const t of this.m.values()) t.dispose();
    for (const t of this.v.values()) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

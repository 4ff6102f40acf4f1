import type { Transformer } from '@lmkit/tensor';
import { tokenLosses } from '../lm/losses.js';
import { SEP } from '../lm/tokens.js';
import { instanceParagraphs, PICL_BUDGET, PICL_DEMO_MAX_TOKENS, type PiclInstance } from './build.js';

/** Options of {@link lossFilter}. */
export interface FilterOptions {
  /** Longest sequence the LM sees; context is cut from the left beyond it. Default 1024. */
  maxLength?: number;
  /** Paragraph truncation in tokens, as given to `buildInstances`. Default 255. */
  demoMaxTokens?: number;
  /** Instance budget, as given to `buildInstances`. Default 1024. */
  budget?: number;
  /** Instances per forward pass. Default 16. */
  batchSize?: number;
  /** Called after each batch with the number of instances scored. */
  onBatch?: (n: number) => void;
}

/** Result of {@link lossFilter}. */
export interface FilterResult {
  kept: PiclInstance[];
  /**
   * Per instance: mean loss over the tokens of all its paragraphs, each after the preceding ones,
   * minus the mean loss of the same tokens with each paragraph alone (nats).
   */
  deltas: number[];
  /** Fraction kept (PICL: about 0.76). */
  keptFraction: number;
}


/**
 * `<sep> p₁ <sep> p₂ … <sep> p_n`, cut from the left to `maxLength` tokens (a leading `<sep>` kept),
 * and where each paragraph starts in the result (an index ≤ 0 when its start was cut off).
 */
function layout(paragraphs: number[][], maxLength: number): { ids: number[]; starts: number[] } {
  let ids: number[] = [];
  const starts: number[] = [];
  for (const p of paragraphs) {
    ids.push(SEP);
    starts.push(ids.length);
    ids.push(...p);
  }
  // Only the query has no trailing <sep>: the layout is `<sep> demo <sep> … query`.
  if (ids.length > maxLength) {
    const cut = ids.length - maxLength;
    ids = [SEP, ...ids.slice(cut + 1)];
    return { ids, starts: starts.map((s) => s - cut) };
  }
  return { ids, starts };
}

/**
 * PICL's filter (PAPERS.md §3, as in the reference code thu-coai/PICL `filter.py` with
 * `--icl-sup all_target --filter-threshold 0`): keep an instance when the LM's mean loss over the
 * tokens of all its paragraphs, each read after the preceding ones, minus the mean loss of the same
 * tokens with every paragraph read alone, is below 0. Tokens cut off by `maxLength` are left out of
 * both means.
 */
export function lossFilter(model: Transformer, instances: PiclInstance[], idsOf: (id: string) => number[], options: FilterOptions = {}): FilterResult {
  const maxLength = options.maxLength ?? PICL_BUDGET;
  const bs = options.batchSize ?? 16;
  const deltas: number[] = [];
  for (let i = 0; i < instances.length; i += bs) {
    const batch = instances.slice(i, i + bs);
    const plans = batch.map((inst) => {
      const paragraphs = instanceParagraphs(inst, idsOf, options.demoMaxTokens ?? PICL_DEMO_MAX_TOKENS, options.budget ?? PICL_BUDGET);
      return { paragraphs, ...layout(paragraphs, maxLength) };
    });
    // One row per instance (in context); one short row `<sep> paragraph` per paragraph (alone).
    const inContextLosses = tokenLosses(model, plans.map((p) => p.ids));
    const aloneLosses = tokenLosses(model, plans.flatMap((p) => p.paragraphs.map((q) => [SEP, ...q])));
    let r = 0;
    plans.forEach((plan, b) => {
      const inContext = inContextLosses[b] as number[];
      let withSum = 0;
      let aloneSum = 0;
      let n = 0;
      plan.paragraphs.forEach((q, pi) => {
        const alone = aloneLosses[r++] as number[];
        const start = plan.starts[pi] as number;
        for (let j = 0; j < q.length; j++) {
          // Token j of paragraph pi sits at start + j in context and at 1 + j alone; loss index = position − 1.
          if (start + j < 1) continue;
          withSum += inContext[start + j - 1] as number;
          aloneSum += alone[j] as number;
          n++;
        }
      });
      deltas.push(n === 0 ? 0 : (withSum - aloneSum) / n);
    });
    options.onBatch?.(batch.length);
  }
  const kept = instances.filter((_, i) => (deltas[i] as number) < 0);
  return { kept, deltas, keptFraction: instances.length ? kept.length / instances.length : 0 };
}

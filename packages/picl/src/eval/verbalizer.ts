import { Rng, type Transformer } from '@lmkit/tensor';
import { tokenLosses } from '../lm/losses.js';
import { SEP } from '../lm/tokens.js';

/** A labelled example of a held-out classification task (token ids of its text). */
export interface LabelledIds {
  ids: number[];
  /** Class, a key of the verbalizers. */
  label: string;
}

/** Options of {@link verbalizerAccuracy}. */
export interface VerbalizerOptions {
  /** Demonstrations per prompt. */
  shots: number;
  /** Class → label word. */
  verbalizers: Record<string, string>;
  /** Turns text into token ids (the LM's tokenizer). */
  encode: (text: string) => number[];
  /** Test queries (balanced over classes as far as the data allows). Default 60. */
  queries?: number;
  /** Tokens kept of each example. Default 24. */
  maxTextTokens?: number;
  /** Seed of the query split and the demonstration draws. Default 0. */
  seed?: number;
  /** Rows per forward pass. Default 32. */
  batchSize?: number;
}

/** Result of {@link verbalizerAccuracy}. */
export interface VerbalizerResult {
  accuracy: number;
  /** Accuracy after contextual calibration (label-word scores minus those after an empty query). */
  calibratedAccuracy: number;
  queries: number;
}

/**
 * Few-shot accuracy by label words: `shots` random demonstrations of the task, each
 * `<sep> text answer: label`, then `<sep> query answer:`; the prediction is the label word whose
 * tokens have the highest total log-probability after the prompt (label words may span several BPE
 * tokens). Queries and demonstrations never overlap. The calibrated accuracy subtracts each label
 * word's score after the same demonstrations with an empty query (contextual calibration), which
 * removes a constant preference for one label word.
 */
export function verbalizerAccuracy(model: Transformer, examples: readonly LabelledIds[], options: VerbalizerOptions): VerbalizerResult {
  const rng = new Rng(options.seed ?? 0);
  const classes = Object.keys(options.verbalizers).sort();
  const cue = options.encode(' answer:');
  const words = classes.map((c) => options.encode(` ${options.verbalizers[c] as string}`));
  const maxTok = options.maxTextTokens ?? 24;
  const byClass = classes.map((c) => rng.shuffle(examples.filter((e) => e.label === c)));
  const nq = options.queries ?? 60;
  const queries: LabelledIds[] = [];
  for (let r = 0; queries.length < nq; r++) {
    let any = false;
    for (const pool of byClass) {
      // Round-robin over classes; leave at least half of each class for demonstrations.
      if (r < Math.floor(pool.length / 2) && queries.length < nq) {
        queries.push(pool[r] as LabelledIds);
        any = true;
      }
    }
    if (!any) break;
  }
  const querySet = new Set(queries);
  const demoPool = examples.filter((e) => !querySet.has(e));
  const prompts: number[][] = [];
  const contentFree: number[][] = [];
  for (const q of queries) {
    const ctx: number[] = [];
    for (let s = 0; s < options.shots; s++) {
      const d = rng.pick(demoPool);
      ctx.push(SEP, ...d.ids.slice(0, maxTok), ...cue, ...(words[classes.indexOf(d.label)] as number[]));
    }
    prompts.push([...ctx, SEP, ...q.ids.slice(0, maxTok), ...cue]);
    contentFree.push([...ctx, SEP, ...cue]);
  }
  const scores = (rows: number[][]): number[][] => {
    const plans = rows.flatMap((p) => words.map((w) => ({ row: [...p, ...w], start: p.length })));
    const out: number[] = [];
    const bs = options.batchSize ?? 32;
    for (let i = 0; i < plans.length; i += bs) {
      const chunk = plans.slice(i, i + bs);
      tokenLosses(model, chunk.map((c) => c.row)).forEach((l, b) => out.push(-l.slice(chunk[b]!.start - 1).reduce((a, x) => a + x, 0)));
    }
    return rows.map((_, r) => out.slice(r * words.length, (r + 1) * words.length));
  };
  const argmax = (row: number[]): number => row.reduce((best, v, c) => (v > (row[best] as number) ? c : best), 0);
  const lp = scores(prompts);
  const cf = scores(contentFree);
  let correct = 0;
  let calibrated = 0;
  queries.forEach((q, i) => {
    const row = lp[i] as number[];
    if (classes[argmax(row)] === q.label) correct++;
    if (classes[argmax(row.map((v, c) => v - (cf[i]![c] as number)))] === q.label) calibrated++;
  });
  const n = queries.length || 1;
  return { accuracy: correct / n, calibratedAccuracy: calibrated / n, queries: queries.length };
}

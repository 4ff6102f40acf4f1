import { Rng, type Transformer } from '@lmkit/tensor';
import { truncateTokens } from '../text/tokenize.js';
import { nextTokenLogProbs } from './losses.js';
import { SEP, type WordVocab } from './vocab.js';

/** A labelled example of a held-out classification task. */
export interface LabelledText {
  text: string;
  /** Class, a key of the verbalizers. */
  label: string;
}

/** Options of {@link fewShotAccuracy}. */
export interface FewShotOptions {
  /** Demonstrations per prompt. */
  shots: number;
  /** Class → label word (one vocabulary word each). */
  verbalizers: Record<string, string>;
  /** Test queries (balanced over classes as far as the data allows). Default 60. */
  queries?: number;
  /** Tokens kept of each text. Default 24. */
  maxTextTokens?: number;
  /** Seed of the query split and the demonstration draws. Default 0. */
  seed?: number;
  /** Prompts per forward pass. Default 32. */
  batchSize?: number;
}

/** The prompt text of one example: `text answer : label` (label omitted for the query). */
export function promptPiece(text: string, label: string | null, maxTokens: number): string {
  return `${truncateTokens(text, maxTokens)} answer :${label === null ? '' : ` ${label}`}`;
}

/**
 * Few-shot accuracy by scoring verbalizers: `shots` random demonstrations of the same task (with
 * their label words), then the query; the prediction is the label word with the highest
 * next-token probability. Queries and demonstrations never overlap. `calibratedAccuracy` subtracts
 * the label words' log-probabilities after the same demonstrations with an empty query (contextual
 * calibration), which removes a constant preference for one label word.
 */
export function fewShotAccuracy(
  model: Transformer,
  vocab: WordVocab,
  examples: LabelledText[],
  options: FewShotOptions,
): { accuracy: number; calibratedAccuracy: number; queries: number } {
  const rng = new Rng(options.seed ?? 0);
  const classes = Object.keys(options.verbalizers).sort();
  const cand = classes.map((c) => vocab.id(options.verbalizers[c] as string));
  const maxTok = options.maxTextTokens ?? 24;
  const byClass = classes.map((c) => rng.shuffle(examples.filter((e) => e.label === c)));
  const nq = options.queries ?? 60;
  const queries: LabelledText[] = [];
  for (let r = 0; queries.length < nq; r++) {
    let any = false;
    for (const pool of byClass) {
      // Round-robin over classes; leave at least half of each class for demonstrations.
      if (r < Math.floor(pool.length / 2) && queries.length < nq) {
        queries.push(pool[r] as LabelledText);
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
    const ids: number[] = [SEP];
    for (let s = 0; s < options.shots; s++) {
      const d = rng.pick(demoPool);
      ids.push(...vocab.encode(promptPiece(d.text, options.verbalizers[d.label] as string, maxTok)), SEP);
    }
    prompts.push([...ids, ...vocab.encode(promptPiece(q.text, null, maxTok))]);
    contentFree.push([...ids, ...vocab.encode(promptPiece('', null, maxTok))]);
  }
  const argmax = (row: number[]): number => row.reduce((best, v, c) => (v > (row[best] as number) ? c : best), 0);
  let correct = 0;
  let calibrated = 0;
  const bs = options.batchSize ?? 32;
  for (let i = 0; i < prompts.length; i += bs) {
    const lp = nextTokenLogProbs(model, prompts.slice(i, i + bs), cand);
    const cf = nextTokenLogProbs(model, contentFree.slice(i, i + bs), cand);
    lp.forEach((row, j) => {
      const label = queries[i + j]!.label;
      if (classes[argmax(row)] === label) correct++;
      if (classes[argmax(row.map((v, c) => v - (cf[j]![c] as number)))] === label) calibrated++;
    });
  }
  const n = queries.length || 1;
  return { accuracy: correct / n, calibratedAccuracy: calibrated / n, queries: queries.length };
}

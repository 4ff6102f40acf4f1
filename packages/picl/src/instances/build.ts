import { Rng } from '@lmkit/tensor';
import type { Paragraph } from '../corpus/types.js';
import { PiclError } from '../errors.js';
import type { ParagraphRetriever } from '../retrieve/retriever.js';
import { countTokens, truncateTokens } from '../text/tokenize.js';

/** PICL's instance settings (PAPERS.md §3). */
export const PICL_K = 20;
/** Each demonstration is truncated to this many tokens (PAPERS.md §3). */
export const PICL_DEMO_MAX_TOKENS = 255;
/** Context budget of an instance in tokens (PAPERS.md §3). */
export const PICL_BUDGET = 1024;
/** At most this many demonstrations per instance (PAPERS.md §3). */
export const PICL_MAX_DEMOS = 16;

/** Options of {@link buildInstances}. */
export interface InstanceOptions {
  /** Neighbours retrieved per paragraph. Default 20. */
  k?: number;
  /** Demo truncation in tokens. Default 255. */
  demoMaxTokens?: number;
  /** Token budget of the whole instance (demos + query + one separator each). Default 1024. */
  budget?: number;
  /** Most demonstrations. Default 16. */
  maxDemos?: number;
  /** Query positions to build instances for (default all; use `shardPositions` for `--shard`). */
  positions?: number[];
  /** Shuffle seed. Default 0. */
  seed?: number;
  /** Length of paragraph `position` in the tokens the budget counts. Default: word tokens of its text. */
  lengthOf?: (position: number) => number;
  /** Called after each instance. */
  onInstance?: () => void;
}

/** One PICL instance: demonstrations (shuffled) then the query paragraph. Ids only; texts are looked up. */
export interface PiclInstance {
  /** Position of the query paragraph in the collection. */
  position: number;
  /** Query paragraph id (comes last). */
  queryId: string;
  /** Demonstration ids in instance order (after shuffling). */
  demoIds: string[];
  /** Retrieval scores of the demos, same order. */
  demoScores: number[];
  /** Tokens of the instance (truncated demos + query + separators). */
  tokens: number;
}

/**
 * Builds PICL instances (PAPERS.md §3): retrieve `k` neighbours of each query paragraph, truncate
 * every paragraph (the query too, as the reference code does) to `demoMaxTokens`, keep at most `maxDemos` of the most similar, drop the least similar until
 * demos + query fit `budget` (one separator token per paragraph), shuffle, put the query last.
 * Deterministic per (seed, position), so sharded runs concatenate to the single run.
 */
export function buildInstances(paragraphs: Paragraph[], retriever: ParagraphRetriever, options: InstanceOptions = {}): PiclInstance[] {
  const k = Math.min(options.k ?? PICL_K, paragraphs.length - 1);
  const demoMax = options.demoMaxTokens ?? PICL_DEMO_MAX_TOKENS;
  const budget = options.budget ?? PICL_BUDGET;
  const maxDemos = options.maxDemos ?? PICL_MAX_DEMOS;
  if (retriever.size !== paragraphs.length) throw new PiclError('LMKIT_BAD_ARGUMENT', `the retriever covers ${retriever.size} paragraphs, the collection has ${paragraphs.length}`);
  if (k < 1) throw new PiclError('LMKIT_EMPTY_CORPUS', 'instances need at least two paragraphs');
  const positions = options.positions ?? paragraphs.map((_, i) => i);
  const lengthOf = options.lengthOf ?? ((p: number) => countTokens(paragraphs[p]!.text));
  return positions.map((position) => {
    const query = paragraphs[position]!;
    const queryTokens = Math.min(lengthOf(position), demoMax, budget - 1) + 1;
    const hits = retriever.neighbours(position, k).slice(0, maxDemos);
    const lengths = hits.map((h) => Math.min(lengthOf(h.label), demoMax) + 1);
    let total = queryTokens + lengths.reduce((a, b) => a + b, 0);
    while (hits.length && total > budget) {
      hits.pop();
      total -= lengths.pop() as number;
    }
    const rng = new Rng(((options.seed ?? 0) * 1_000_003 + position * 7_919 + 1) >>> 0);
    const order = rng.shuffle(hits.map((_, i) => i));
    options.onInstance?.();
    return {
      position,
      queryId: query.id,
      demoIds: order.map((i) => paragraphs[hits[i]!.label]!.id),
      demoScores: order.map((i) => hits[i]!.score),
      tokens: total,
    };
  });
}

/** The text of an instance: demos then the query, one paragraph per entry, each truncated as {@link buildInstances} counts it. */
export function instanceTexts(instance: PiclInstance, textOf: (id: string) => string, demoMaxTokens = PICL_DEMO_MAX_TOKENS, budget = PICL_BUDGET): string[] {
  return [...instance.demoIds.map((id) => truncateTokens(textOf(id), demoMaxTokens)), truncateTokens(textOf(instance.queryId), Math.min(demoMaxTokens, budget - 1))];
}

/**
 * The token ids of an instance's paragraphs, demos then the query, each truncated as
 * {@link buildInstances} counts it (with `lengthOf` = the ids' length).
 */
export function instanceParagraphs(instance: PiclInstance, idsOf: (id: string) => number[], demoMaxTokens = PICL_DEMO_MAX_TOKENS, budget = PICL_BUDGET): number[][] {
  return [...instance.demoIds.map((id) => idsOf(id).slice(0, demoMaxTokens)), idsOf(instance.queryId).slice(0, Math.min(demoMaxTokens, budget - 1))];
}

/** Summary statistics of a set of instances. */
export function instanceStats(instances: PiclInstance[]): { instances: number; meanDemos: number; meanTokens: number; minDemos: number; maxDemos: number } {
  const n = instances.length || 1;
  const demos = instances.map((x) => x.demoIds.length);
  return {
    instances: instances.length,
    meanDemos: demos.reduce((a, b) => a + b, 0) / n,
    meanTokens: instances.reduce((a, x) => a + x.tokens, 0) / n,
    minDemos: demos.length ? Math.min(...demos) : 0,
    maxDemos: demos.length ? Math.max(...demos) : 0,
  };
}

import { initBackend, Transformer } from '@lmkit/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { RandomRetriever, type ParagraphRetriever } from '../retrieve/retriever.js';
import { shardPositions } from '@lmkit/tensor';
import { SEP } from '../lm/tokens.js';
import { spanLosses } from '../lm/losses.js';
import { buildInstances, instanceParagraphs, instanceStats, instanceTexts } from './build.js';
import { lossFilter } from './filter.js';

beforeAll(async () => {
  await initBackend();
});

/** Paragraph i has i+1 words; neighbours of q are q+1, q+2, … (wrapping), scores decreasing. */
const paragraphs = Array.from({ length: 30 }, (_, i) => ({ id: `p${i}`, text: Array.from({ length: i + 1 }, (_, j) => `w${j}`).join(' ') }));
const ordered: ParagraphRetriever = {
  name: 'ordered',
  size: 30,
  neighbours: (q, k) => Array.from({ length: k }, (_, r) => ({ label: (q + 1 + r) % 30, score: 1 - r / 100 })),
};

describe('buildInstances', () => {
  it('keeps at most 16 of the 20 neighbours, the most similar first, under the budget, query last', () => {
    const [inst] = buildInstances(paragraphs, ordered, { positions: [0], budget: 1024 });
    // Neighbours 1..16 (the 16 most similar); tokens = Σ (len + 1) over demos + query (1 + 1).
    expect(inst!.demoIds.slice().sort()).toEqual(Array.from({ length: 16 }, (_, r) => `p${r + 1}`).sort());
    expect(inst!.tokens).toBe(Array.from({ length: 16 }, (_, r) => r + 2 + 1).reduce((a, b) => a + b) + 2);
    expect(inst!.queryId).toBe('p0');
  });
  it('drops the least similar demos until the instance fits the budget', () => {
    const [inst] = buildInstances(paragraphs, ordered, { positions: [0], budget: 20 });
    // query p0 = 2 tokens; p1 = 3, p2 = 4, p3 = 5, p4 = 6 → 2+3+4+5+6 = 20 fits; adding p5 (7) would not.
    expect(inst!.demoIds.slice().sort()).toEqual(['p1', 'p2', 'p3', 'p4']);
    expect(inst!.tokens).toBe(20);
  });
  it('truncates every paragraph, the query too, to demoMaxTokens when counting', () => {
    // Query p10 has 11 words, demos p11 and p12 have 12 and 13: all count 3 tokens + 1 separator.
    const [inst] = buildInstances(paragraphs, ordered, { positions: [10], demoMaxTokens: 3, maxDemos: 2, budget: 1024 });
    expect(inst!.tokens).toBe(3 * (3 + 1));
    expect(instanceTexts(inst!, (id) => paragraphs.find((p) => p.id === id)!.text, 3)).toEqual(['w0 w1 w2', 'w0 w1 w2', 'w0 w1 w2']);
  });
  it('shuffles deterministically, and shards concatenate to the single run', () => {
    const all = buildInstances(paragraphs, ordered, { seed: 4 });
    const shards = [1, 2, 3].flatMap((k) => buildInstances(paragraphs, ordered, { seed: 4, positions: shardPositions(30, { index: k, count: 3 }) }));
    shards.sort((a, b) => a.position - b.position);
    expect(shards).toEqual(all);
    const orders = new Set(all.map((x) => x.demoScores.join()));
    expect(orders.size).toBeGreaterThan(1); // not all in similarity order
    const stats = instanceStats(all);
    expect(stats.instances).toBe(30);
    expect(stats.maxDemos).toBe(16);
  });
  it('works with random retrieval (k distinct other paragraphs)', () => {
    const r = new RandomRetriever(30, 1);
    for (const x of buildInstances(paragraphs, r, { budget: 10_000 })) {
      expect(new Set(x.demoIds).size).toBe(16);
      expect(x.demoIds).not.toContain(x.queryId);
    }
  });
});

describe('instanceParagraphs and lengthOf', () => {
  // Paragraph pi has ids 40 … 40 + i (i + 1 tokens), so a word count and an id count agree.
  const idsOf = (id: string): number[] => Array.from({ length: Number(id.slice(1)) + 1 }, (_, j) => 40 + j);
  it('cuts demos to demoMaxTokens and the query to min(demoMax, budget − 1), in instance order', () => {
    const inst = { position: 5, queryId: 'p5', demoIds: ['p2', 'p9'], demoScores: [1, 0.5], tokens: 0 };
    expect(instanceParagraphs(inst, idsOf, 4, 1024)).toEqual([[40, 41, 42], [40, 41, 42, 43], [40, 41, 42, 43]]);
    expect(instanceParagraphs(inst, idsOf, 10, 3)).toEqual([[40, 41, 42], [40, 41, 42, 43, 44, 45, 46, 47, 48, 49], [40, 41]]);
  });
  it('counts the budget with lengthOf when given (here twice the word count)', () => {
    const [byWords] = buildInstances(paragraphs, ordered, { positions: [0], budget: 1024 });
    const [byDouble] = buildInstances(paragraphs, ordered, { positions: [0], budget: 1024, lengthOf: (p) => 2 * (p + 1) });
    expect(byDouble!.tokens).toBe(Array.from({ length: 16 }, (_, r) => 2 * (r + 2) + 1).reduce((a, b) => a + b) + 3);
    expect(byDouble!.tokens).toBeGreaterThan(byWords!.tokens);
  });
});

describe('lossFilter', () => {
  // Token ids: paragraph pi is [10 + (i mod 7), 20 + (i mod 5), …] with i + 1 tokens (ids < 32, none is SEP = 30).
  const idsOf = (id: string): number[] => {
    const i = Number(id.slice(1));
    return Array.from({ length: (i % 6) + 1 }, (_, j) => (j % 2 ? 20 + ((i + j) % 5) : 10 + ((i + j) % 7)));
  };
  /** `<sep> p₁ <sep> … <sep> p_k` and where the last paragraph starts. */
  const prefixRow = (ps: number[][]): { row: number[]; start: number } => {
    const row: number[] = [];
    let start = 0;
    for (const p of ps) {
      row.push(SEP);
      start = row.length;
      row.push(...p);
    }
    return { row, start };
  };
  it('keeps exactly the instances whose loss over all paragraphs drops with context (reference filter.py)', () => {
    const model = new Transformer({ vocabSize: 32, dModel: 16, numHeads: 2, numLayers: 1, seed: 3 });
    const insts = buildInstances(paragraphs, ordered, { positions: [3, 7, 11, 20], budget: 60 });
    const res = lossFilter(model, insts, idsOf, { maxLength: 200, batchSize: 3 });
    expect(res.deltas).toHaveLength(4);
    // Recompute each delta one paragraph at a time: paragraph i in context is scored on the prefix
    // `<sep> p₁ … <sep> pᵢ` from where pᵢ starts; alone on `<sep> pᵢ`. Means are token-weighted.
    insts.forEach((inst, i) => {
      const ps = instanceParagraphs(inst, idsOf);
      let withSum = 0;
      let aloneSum = 0;
      let n = 0;
      ps.forEach((p, k) => {
        const prefix = prefixRow(ps.slice(0, k + 1));
        withSum += p.length * spanLosses(model, [prefix.row], [prefix.start])[0]!;
        aloneSum += p.length * spanLosses(model, [[SEP, ...p]], [1])[0]!;
        n += p.length;
      });
      expect(res.deltas[i]).toBeCloseTo((withSum - aloneSum) / n, 4);
    });
    expect(res.kept.map((x) => x.position)).toEqual(insts.filter((_, i) => res.deltas[i]! < 0).map((x) => x.position));
    expect(res.keptFraction).toBe(res.kept.length / 4);
    model.dispose();
  });

  it('leaves tokens cut off by maxLength out of both means', () => {
    const model = new Transformer({ vocabSize: 32, dModel: 16, numHeads: 2, numLayers: 1, seed: 4 });
    // Demo p4 (5 tokens) + query p1 (2 tokens): `<sep> p4 <sep> p1` is 9 tokens; maxLength 4 keeps
    // `<sep> <sep> q₀ q₁`: only the query's 2 tokens remain, so the delta is the query's alone.
    const inst = { position: 1, queryId: 'p1', demoIds: ['p4'], demoScores: [1], tokens: 9 };
    const [delta] = lossFilter(model, [inst], idsOf, { maxLength: 4 }).deltas;
    const q = idsOf('p1');
    const expected = spanLosses(model, [[SEP, SEP, ...q]], [2])[0]! - spanLosses(model, [[SEP, ...q]], [1])[0]!;
    expect(delta).toBeCloseTo(expected, 5);
    model.dispose();
  });
});

describe('spanLosses', () => {
  it('equals −log(1/V) for a model with all-zero logits', () => {
    const model = new Transformer({ vocabSize: 10, dModel: 8, numHeads: 2, numLayers: 1, seed: 1 });
    for (const v of model.namedVariables().values()) v.assign(v.mul(0));
    const [l] = spanLosses(model, [[2, 3, 4, 5]], [1]);
    expect(l).toBeCloseTo(Math.log(10), 5);
    model.dispose();
  });
});

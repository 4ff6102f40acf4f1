import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { isHeldOutTask } from '../corpus/tasks.js';
import type { PiclInstance } from '../instances/build.js';
import type { PiclResults } from '../experiment/report.js';
import type { PiclSettings } from '../experiment/settings.js';
import { buildPiclCorpus } from './corpus/build.js';
import { runPiclExperimentNode } from './run-experiment.js';

const TINY: PiclSettings = {
  corpus: { reviewsPerDomain: 40, glossesPerTopic: 6, usagePerTopic: 4, mailsPerClass: 20, speeches: 30, chapters: 2, brownTexts: 30, paragraphsPerText: 2, maxTokens: 32 },
  tokenizer: { vocab: 300, maxChars: 40_000 },
  retrieverSteps: 3,
  precisionQueries: 20,
  instanceQueries: 30,
  budget: 64,
  demoMaxTokens: 24,
  lm: { dModel: 16, numHeads: 2, numLayers: 1, batchSize: 2, steps: 4, lr: 3e-3, instanceFraction: 0.5, checkpointEvery: 2 },
  seeds: 2,
  gain: { queries: 6, ks: [0, 2, 4], demoMaxTokens: 6, queryMaxTokens: 8, probeQueries: 3, probes: 2 },
  fewShot: { queries: 4, textTokens: 6, shots: [0, 2] },
};

describe('runPiclExperimentNode (tiny settings)', () => {
  it('never trains on held-out tasks, reports every condition and seed, resumes, and rebuilds damaged files', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'picl-run-'));
    const ctx = { quick: true, seed: 3, workDir, progress: silentProgress };
    const section = await runPiclExperimentNode(ctx, TINY);
    const r = section.data as unknown as PiclResults;

    // Instances (the LMs' training data) only hold train-task paragraphs.
    const corpus = buildPiclCorpus(TINY.corpus);
    const [sub] = readdirSync(workDir);
    const dir = join(workDir, sub!);
    for (const name of ['picl-trained', 'picl-random', 'picl-bm25']) {
      const lines = readFileSync(join(dir, `instances-${name}.jsonl`), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(30);
      for (const inst of lines.map((l) => JSON.parse(l) as PiclInstance)) {
        for (const id of [...inst.demoIds, inst.queryId]) expect(isHeldOutTask(corpus.labels.get(id)!.task)).toBe(false);
        expect(inst.tokens).toBeLessThanOrEqual(64);
      }
    }
    expect(r.corpus.trainParagraphs + r.corpus.heldOutParagraphs).toBe(corpus.paragraphs.length);
    expect(r.precision.map((p) => p.retriever)).toEqual(['random', 'bm25', 'glove', 'trained']);
    expect(r.jobs.map((j) => `${j.condition}-s${j.seed}`).sort()).toEqual(
      ['plain', 'picl-trained', 'picl-random', 'picl-bm25'].flatMap((c) => [`${c}-s3`, `${c}-s4`]).sort(),
    );
    for (const j of r.jobs) {
      expect(j.trainingTokens).toBe(4 * 2 * 64);
      // k = 0: the same context (none) for both conditions, so the gain is exactly 0.
      for (const g of j.gain.filter((x) => x.k === 0)) expect(g.other).toBe(g.same);
      expect(j.fewShot).toHaveLength(2 * 6);
      expect(j.probes.map((p) => p.step)).toEqual([2, 4]);
      if (j.condition === 'plain') expect(j.filter!.map((f) => f.deltas.length)).toEqual([30, 30, 30]);
    }

    // A second run reuses everything: identical numbers.
    const again = (await runPiclExperimentNode(ctx, TINY)).data as unknown as PiclResults;
    expect(again.jobs).toEqual(r.jobs);

    // Damaged or missing work files are rebuilt, giving the same numbers.
    writeFileSync(join(dir, 'instances-picl-bm25.jsonl'), '{"position": 1, "queryId"');
    writeFileSync(join(dir, 'tokenizer.json'), 'not json');
    writeFileSync(join(dir, 'lm-picl-bm25-s3.ckpt'), 'garbage');
    rmSync(join(dir, 'result-picl-bm25-s3.json'));
    rmSync(join(dir, 'filter-picl-bm25-s4.json'));
    rmSync(join(dir, 'result-plain-s4.json'));
    const rebuilt = (await runPiclExperimentNode(ctx, TINY)).data as unknown as PiclResults;
    expect(rebuilt.jobs).toEqual(r.jobs);
  }, 300_000);
});

import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentProgress } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import { isHeldOutTask } from '../corpus/tasks.js';
import type { PiclInstance } from '../instances/build.js';
import { buildPiclCorpus } from './corpus/build.js';
import type { PiclResults } from '../experiment/report.js';
import type { PiclSettings } from '../experiment/settings.js';
import { runPiclExperimentNode } from './run-experiment.js';

const TINY: PiclSettings = {
  corpus: { reviewsPerDomain: 60, glossesPerTopic: 6, mailsPerClass: 20, speeches: 3, chapters: 2, maxTokens: 32 },
  retrieverSteps: 3,
  precisionQueries: 20,
  instanceQueries: 30,
  budget: 64,
  lm: { vocab: 300, dModel: 16, numHeads: 2, numLayers: 1, batchSize: 2, steps: 3, lr: 3e-3 },
  evalQueries: 6,
  evalTextTokens: 8,
  shots: [0, 4],
};

describe('runPiclExperimentNode (tiny settings)', () => {
  it('never trains on held-out tasks, reports every condition, and resumes from its work folder', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'picl-run-'));
    const ctx = { quick: true, seed: 3, workDir, progress: silentProgress };
    const section = await runPiclExperimentNode(ctx, TINY);
    const r = section.data as unknown as PiclResults;

    // Instances (the LMs' training data) only hold train-task paragraphs.
    const corpus = buildPiclCorpus(TINY.corpus);
    const [sub] = readdirSync(workDir);
    for (const name of ['picl-trained', 'picl-random', 'picl-bm25']) {
      const lines = readFileSync(join(workDir, sub!, `instances-${name}.jsonl`), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(30);
      for (const inst of lines.map((l) => JSON.parse(l) as PiclInstance)) {
        for (const id of [...inst.demoIds, inst.queryId]) expect(isHeldOutTask(corpus.labels.get(id)!.task)).toBe(false);
        expect(inst.tokens).toBeLessThanOrEqual(64);
      }
    }
    expect(r.corpus.trainParagraphs + r.corpus.heldOutParagraphs).toBe(corpus.paragraphs.length);
    expect(r.precision.map((p) => p.retriever)).toEqual(['random', 'bm25', 'glove', 'trained']);
    expect(r.accuracy).toHaveLength(4 * 2 * 3); // conditions × shots × held-out tasks
    for (const a of r.accuracy) expect(a.accuracy * a.queries).toBeCloseTo(Math.round(a.accuracy * a.queries), 9);
    for (const s of Object.values(r.instances)) expect(s.kept).toBe(Math.round(s.keptFraction * s.instances));

    // A second run reuses retriever, instances, filter and checkpoints: identical numbers.
    const again = (await runPiclExperimentNode(ctx, TINY)).data as unknown as PiclResults;
    expect(again.accuracy).toEqual(r.accuracy);
    expect(again.instances).toEqual(r.instances);
  });
});

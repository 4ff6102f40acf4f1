import { chartProblems } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import type { TraceMetrics } from '../metrics/score.js';
import type { TraceModelEvaluation } from '../model/evaluate.js';
import { PAPER_NUMBERS } from './paper.js';
import { HELD_OUT_TABLE, traceReportSection } from './report.js';
import type { TraceExperimentResult } from './run.js';
import { QUICK_SETTINGS } from './settings.js';

const pr = (correct: number, predicted: number, gold: number) => {
  const precision = correct / predicted;
  const recall = correct / gold;
  return { correct, predicted, gold, precision, recall, f1: (2 * precision * recall) / (precision + recall) };
};

function evaluation(m: Partial<TraceMetrics>, cut: number): TraceModelEvaluation {
  const metrics: TraceMetrics = {
    definition: 'reference',
    programs: 4,
    outputAccuracy: null,
    outputPrograms: 0,
    traceAccuracy: 0.25,
    lines: pr(3, 4, 6),
    identifiers: pr(1, 2, 4),
    malformed: [],
    malformedGold: [],
    droppedIncomplete: { predicted: 0, gold: 0 },
    perProgram: [],
    ...m,
  };
  return { metrics, predictions: [], cut, tooLong: 0 };
}

const stats = (records: number) => ({ records, meanSteps: 2.5, meanTraceWords: 20, meanSourceLines: 2, printing: 1, droppedThisRun: {} });

const RESULT: TraceExperimentResult = {
  settings: QUICK_SETTINGS,
  seed: 1,
  training: {
    parameters: 1234,
    vocabSize: 50,
    config: { numLayers: 2, dModel: 16, numHeads: 2, maxLen: 64 },
    stages: [{ name: 'singleline', examples: 10, steps: 5 }],
    steps: 5,
    resumedFrom: 0,
    trainSeconds: 1.5,
    losses: [3.123456, 2.5],
  },
  trainPrograms: { singleline: 10, tutorial: 3 },
  evaluation: {
    singleline: evaluation({}, 1),
    tutorial: evaluation({ programs: 2, outputAccuracy: 0.5, outputPrograms: 2, traceAccuracy: 0 }, 2),
    tutorialEvaluated: 2,
  },
  tutorialHeldOut: 5,
  throughput: { workers: 2, singlelinePrograms: 3, singlelineProgramsPerSec: 10, singlelineLinesPerSec: 30, tutorialPrograms: 2, tutorialProgramsPerSec: 4, tutorialLinesPerSec: 40 },
  datasets: { singleline: stats(14), tutorial: stats(8), mutants: stats(3), mutantOperators: { AOR: 2, SDL: 1 }, tutorialSourceFiles: ['heapq.py'] },
};

describe('trace report section (data, no Markdown)', () => {
  const s = traceReportSection(RESULT, 12);

  it('puts the held-out metrics in a table with the paper numbers beside ours', () => {
    expect(s.markdown).toBeUndefined();
    const t = s.tables!.find((x) => x.id === HELD_OUT_TABLE)!;
    expect(t.rows.map((r) => r.set)).toEqual(['SingleLine', 'Tutorial']);
    // SingleLine: 3 of 4 predicted steps right, 6 gold → P 75%, R 50%, F1 60%.
    expect(t.rows[0]).toMatchObject({ programs: 4, lineP: 75, lineR: 50, lineF1: 60, traceAcc: { value: 25, paper: PAPER_NUMBERS.singlelineAcc }, cut: 1 });
    expect(t.rows[1]).toMatchObject({ outputAcc: { value: 50, paper: PAPER_NUMBERS.tutorialOutputAcc }, cut: 2 });
    expect(t.caption).toMatch(/5 programs held out/);
  });

  it('marks every comparison the table prints, so the renderer does not repeat it', () => {
    const unshown = s.comparisons.filter((c) => c.shownIn !== HELD_OUT_TABLE);
    expect(unshown.map((c) => c.metric)).toEqual(['CodeNetMut output accuracy']);
    expect(s.comparisons.find((c) => c.metric === 'Tutorial output accuracy')).toMatchObject({ ours: 50, paper: 76.42, unit: '%' });
  });

  it('keeps every number in data and gives a readable chart', () => {
    expect(s.data.losses).toEqual([3.12346, 2.5]);
    expect((s.data.tutorial as { heldOut: number }).heldOut).toBe(5);
    expect(s.tables!.map((t) => t.id)).toEqual([HELD_OUT_TABLE, 'datasets', 'throughput']);
    expect(s.findings).toContain('Mutation operators used: AOR 2, SDL 1.');
    expect(s.charts.flatMap(chartProblems)).toEqual([]);
    expect(s.seconds).toBe(12);
  });
});

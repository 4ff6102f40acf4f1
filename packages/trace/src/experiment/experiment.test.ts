import { chartProblems } from '@lmkit/tensor';
import { describe, expect, it } from 'vitest';
import type { DatasetLine } from '../datasets/records-file.js';
import { HELD_OUT_PERCENT, programSplit } from '../datasets/splits.js';
import { scoreTraces } from '../metrics/score.js';
import { traceReportSection } from './report.js';
import type { TraceExperimentResult } from './result.js';
import { EVAL_SETS, splitTraceData, summarise, type SetEvaluation, type SetSummary } from './run.js';
import { QUICK_SETTINGS } from './settings.js';

const T = (v: number) => `<line> <0> <state> a : ${v} </state>`;
const line = (set: string, source: string, split?: string, group?: string): DatasetLine => ({ set, source, trace: T(1), ...(split ? { split: split as DatasetLine['split'] } : {}), ...(group ? { group } : {}) });

describe('splitTraceData', () => {
  it('trains on training splits only, de-duplicates, and drops training copies of held-out programs', () => {
    // a doctest program that the 25% hash rule holds out, and one it trains on
    const doctests = Array.from({ length: 40 }, (_, i) => `d = ${i}\n`);
    const heldDoc = doctests.find((src) => programSplit(src, HELD_OUT_PERCENT.tutorial) === 'test')!;
    const data = {
      singleline: [line('singleline2', 'a = 1\n', 'train', 't1'), line('singleline2', 'a = 1\n', 'train', 't1'), line('singleline2', 'b = 2\n', 'test', 't1'), line('singleline2', 'c = 3\n', 'test-template', 't9')],
      teaching: [line('teaching', 'x = 1\n', 'train', 'f'), line('teaching', 'y = 2\n', 'test', 'f'), line('teaching', heldDoc, 'train', 'f')],
      tutorial: doctests.map((src) => line('tutorial', src, undefined, 'mod.py')),
      codenetmut: [line('codenetmut', 'x = 2\n', 'train', 'CRP'), line('codenetmut', 'y = 3\n', 'test', 'CRP'), line('codenetmut', 'b = 2\n', 'train', 'CRP')],
    };
    const s = splitTraceData(data, { ...QUICK_SETTINGS, evaluate: { ...QUICK_SETTINGS.evaluate, codenetmut: 10 } });
    expect(s.train.singleline.map((p) => p.source)).toEqual(['a = 1\n']);
    expect(s.duplicates.singleline).toBe(1);
    expect(s.evaluate.singleline.map((x) => [x.source, x.prefix, x.group])).toEqual([['b = 2\n', 'singleline', 't1']]);
    expect(s.evaluate.singlelineTemplates.map((x) => x.source)).toEqual(['c = 3\n']);
    expect(s.evaluate.codenetmut.map((x) => [x.source, x.prefix])).toEqual([['y = 3\n', 'codenet']]);
    // the mutant equal to a held-out SingleLine program and the teaching copy of a held-out doctest are not trained on
    expect(s.train.mutants.map((p) => p.source)).toEqual(['x = 2\n']);
    expect(s.train.tutorial.map((p) => p.source)).not.toContain(heldDoc);
    expect(s.leaksRemoved).toBe(2);
    const trained = new Set([...s.train.singleline, ...s.train.tutorial, ...s.train.mutants].map((p) => p.source));
    for (const k of EVAL_SETS) for (const x of s.evaluate[k]) expect(trained.has(x.source)).toBe(false);
    expect(s.evaluate.doctests.length + s.train.tutorial.length - 1).toBe(40); // every doctest on one side (x = 1 is the teaching one)
  });
});

describe('summarise', () => {
  it('gives binomial standard errors for accuracies and a bootstrap one for F1', () => {
    // The printed value before the line that printed it (a trailing <output> step is dropped by the reference metric).
    const golds = Array.from({ length: 10 }, (_, i) => `<output> ${i} ${T(i)}`);
    const preds = golds.map((g, i) => (i < 4 ? g : T(99)));
    const s = summarise(scoreTraces(preds, golds), 1);
    expect(s.traceAccuracy.value).toBeCloseTo(0.4, 12);
    expect(s.traceAccuracy.se).toBeCloseTo(Math.sqrt(0.4 * 0.6 / 10), 12);
    expect(s.outputAccuracy.value).toBeCloseTo(0.4, 12);
    expect(s.lineF1.se).toBeGreaterThan(0.05);
    expect(s.lineF1.se).toBeLessThan(0.3);
    expect(summarise(scoreTraces(golds, golds), 1).lineF1.se).toBe(0); // every resample is perfect
  });
});

describe('traceReportSection', () => {
  const summary = (x: number): SetSummary => ({
    programs: 10,
    outputPrograms: 5,
    outputAccuracy: { value: x, se: 0.1 },
    traceAccuracy: { value: x, se: 0.1 },
    lineP: x,
    lineR: x,
    lineF1: { value: x, se: 0.05 },
    identifierP: x,
    identifierR: x,
    identifierF1: { value: x, se: 0.05 },
    malformedSteps: 0,
  });
  const evaluation = (x: number): SetEvaluation => ({
    programs: 10,
    fits: 1,
    model: summary(x),
    baselines: { 'line order only': summary(0), 'copy the previous state': summary(x / 2) },
    groups: { g: { model: { programs: 10, traceAccuracy: x, outputAccuracy: x, lineF1: x, identifierF1: x }, copy: { programs: 10, traceAccuracy: 0, outputAccuracy: null, lineF1: 0, identifierF1: 0 } } },
    cut: 0,
    tooLong: 0,
    examples: [],
  });
  const result: TraceExperimentResult = {
    settings: QUICK_SETTINGS,
    seed: 1,
    model: { config: { dModel: 64, numHeads: 4, numLayers: 2, maxLen: 448, seed: 1 }, parameters: 1234, vocabSize: 500, vocabulary: '500-abc' },
    training: { steps: 4, positions: 4000, traceTokens: 2000, seconds: 3, resumedFrom: 0, examples: { singleline: 9, tutorial: 3 }, truncated: {}, phases: [{ name: 'singleline', until: 1, weights: { singleline: 1 } }], losses: [3, 2, 1.5, 1.2], sources: ['singleline', 'singleline', 'singleline', 'singleline'] },
    curve: [
      { step: 2, traceTokens: 1000, positions: 2000, loss: 2.5, sets: { singleline: { traceAccuracy: 0.1, outputAccuracy: null, lineF1: 0.3, identifierF1: 0.5, programs: 5 } } },
      { step: 4, traceTokens: 2000, positions: 4000, loss: 1.3, sets: { singleline: { traceAccuracy: 0.2, outputAccuracy: null, lineF1: 0.4, identifierF1: 0.6, programs: 5 } } },
    ],
    evaluation: { singleline: evaluation(0.6), singlelineTemplates: evaluation(0.1), tutorial: evaluation(0.3), doctests: { ...evaluation(0), programs: 0 }, codenetmut: evaluation(0.2) },
    datasets: { traced: { singleline: { records: 10, dropped: {}, meanSteps: 2, meanTraceWords: 20, printing: 1 } }, heldOut: { singleline: 10, singlelineTemplates: 10, tutorial: 10, doctests: 0, codenetmut: 10 }, duplicates: {}, leaksRemoved: 0 },
    evalSeconds: 1,
    throughput: { workers: 2, singlelinePrograms: 60, singlelineProgramsPerSec: 200, singlelineLinesPerSec: 430, tutorialPrograms: 71, tutorialProgramsPerSec: 60, tutorialLinesPerSec: 600 },
  };

  it('puts the model beside both baselines and the paper, and draws readable charts', () => {
    const sec = traceReportSection(result, 9);
    const held = sec.tables!.find((t) => t.id === 'held-out')!;
    expect(held.rows).toHaveLength(4 * 3); // the empty doctest set is left out; model + 2 baselines each
    expect(held.rows[0]).toMatchObject({ who: 'trace model', traceAcc: { value: 60, se: 10, paper: 94 } });
    expect(held.rows.find((r) => r.set === 'Tutorial (generated, held-out programs)' && r.who === 'trace model')).toMatchObject({ outputAcc: { value: 30, paper: 76.42 } });
    expect(sec.comparisons.find((c) => c.metric === 'CodeNetMut output accuracy')).toMatchObject({ ours: 20, paper: 48.06 });
    expect(sec.charts.map((c) => c.id)).toEqual(['learning-curves', 'training-loss', 'held-out-metrics']);
    expect(sec.tables!.map((t) => t.id)).toEqual(['held-out', 'singleline-templates', 'tutorial-families', 'datasets', 'throughput']);
    for (const c of sec.charts) expect(chartProblems(c)).toEqual([]);
    expect(sec.findings![0]).toMatch(/above both baselines on output accuracy, trace accuracy, line F1, identifier F1/);
    expect(sec.findings!.at(-1)).toMatch(/10% → 20%/);
  });
});

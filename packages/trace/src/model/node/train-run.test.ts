import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@lmkit/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scaledSingleLineProgram } from '../../datasets/singleline-scale.js';
import { teachingProgram } from '../../datasets/teaching.js';
import { copyStateBaseline } from '../baselines.js';
import type { EvalItem } from '../evaluate.js';
import { loadTraceModel } from './model-file.js';
import type { TrainRunState } from '../run-state.js';
import { trainTraceModel, type TrainRunOptions } from './train-run.js';

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(join(tmpdir(), 'lmkit-char-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Any (source, trace) pairs will do for the mechanics: the copy baseline's trace stands in for the gold one.
const program = (source: string) => ({ source, trace: copyStateBaseline(source) });
const singleline = Array.from({ length: 40 }, (_, i) => program(scaledSingleLineProgram(1, i).source));
const tutorial = Array.from({ length: 12 }, (_, i) => program(teachingProgram(1, i).source));
const curve: Record<string, EvalItem[]> = { sl: singleline.slice(0, 2).map((p) => ({ ...p, prefix: 'singleline' })) };

const options = (out: string, more: Partial<TrainRunOptions> = {}): TrainRunOptions => ({
  train: { singleline, tutorial },
  curve,
  out,
  model: { dModel: 16, numHeads: 2, numLayers: 1, maxLen: 96 },
  tokenizer: { minCount: 2 },
  steps: 6,
  tokenBudget: 320,
  seed: 3,
  checkpointEvery: 2,
  curveEvery: 3,
  ...more,
});

describe('trainTraceModel', () => {
  it('a run stopped after step 3 and resumed ends with exactly the numbers and weights of an uninterrupted run', async () => {
    const whole = await trainTraceModel(options(join(dir, 'whole.lmkit')));
    const cut = await trainTraceModel(options(join(dir, 'cut.lmkit'), { stopAfter: 3 }));
    expect(cut.state.stepsDone).toBe(3);
    cut.model.dispose();
    const resumed = await trainTraceModel(options(join(dir, 'cut.lmkit')));
    expect(resumed.resumedFrom).toBe(3);
    const strip = (s: TrainRunState) => ({ ...s, seconds: 0 });
    expect(strip(resumed.state)).toEqual(strip(whole.state));
    expect(whole.state.curve.map((p) => p.step)).toEqual([3, 6]);
    expect(whole.state.losses).toHaveLength(6);
    expect(whole.state.traceTokens).toBeGreaterThan(0);
    const a = whole.model.transformer.variable('wte').dataSync();
    const b = resumed.model.transformer.variable('wte').dataSync();
    expect(Array.from(b)).toEqual(Array.from(a));
    // the stored file holds the same model
    const loaded = await loadTraceModel<TrainRunState>(join(dir, 'whole.lmkit'));
    expect(loaded.meta.state.stepsDone).toBe(6);
    expect(loaded.model.predict(singleline[0]!.source, 'singleline')).toEqual(whole.model.predict(singleline[0]!.source, 'singleline'));
    for (const m of [whole.model, resumed.model, loaded.model]) m.dispose();
    loaded.trainer?.dispose();
  });

  it('trains a RoPE model (no position table) whose file loads back with the same predictions', async () => {
    const out = join(dir, 'rope.lmkit');
    const run = await trainTraceModel(options(out, { model: { dModel: 16, numHeads: 2, numLayers: 1, maxLen: 96, position: 'rope' }, steps: 2, curveEvery: undefined }));
    expect([...run.model.transformer.namedVariables().keys()].filter((k) => k.startsWith('pos.'))).toEqual([]);
    const loaded = await loadTraceModel<TrainRunState>(out);
    expect(loaded.model.config.position).toBe('rope');
    expect(loaded.model.predict(singleline[1]!.source, 'singleline')).toEqual(run.model.predict(singleline[1]!.source, 'singleline'));
    run.model.dispose();
    loaded.model.dispose();
    loaded.trainer?.dispose();
  });

  it('refuses to resume a file trained with another vocabulary, or with other settings', async () => {
    const out = join(dir, 'vocab.lmkit');
    (await trainTraceModel(options(out, { steps: 2, curveEvery: undefined }))).model.dispose();
    const renamed = singleline.map((p) => ({ source: p.source.replace(/\b([a-z]\w*) =/g, 'renamed_$1 ='), trace: p.trace }));
    await expect(trainTraceModel(options(out, { steps: 2, curveEvery: undefined, train: { singleline: renamed, tutorial } }))).rejects.toMatchObject({
      code: 'LMKIT_BAD_CHECKPOINT',
      message: expect.stringMatching(/another vocabulary/),
    });
    await expect(trainTraceModel(options(out, { steps: 4, curveEvery: undefined }))).rejects.toMatchObject({ code: 'LMKIT_BAD_CHECKPOINT', message: expect.stringMatching(/other settings/) });
  });
});

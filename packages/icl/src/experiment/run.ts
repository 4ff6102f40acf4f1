import { Rng, sequencePerplexity, silentProgress, type ProgressReporter, type Transformer } from '@lmkit/tensor';
import { momentumAttention } from '../attention/momentum.js';
import { analyseExample, iclAccuracy, sampleEvalExamples, selectFtLr, summarise, type ExampleRecord, type ModelSummary } from '../analysis/icl-vs-ft.js';
import { iclModel, pretrainIclModel, trainingSequence, type PretrainOptions } from '../analysis/pretrain.js';
import { recipeText, TaskVocab } from '../analysis/tasks.js';
import { FULL_SETTINGS, QUICK_SETTINGS, type IclSettings } from './settings.js';

/** Persistence hooks (the Node runner stores models in the section's work folder). */
export interface ModelStore {
  load(key: string, model: Transformer): Promise<boolean>;
  save(key: string, model: Transformer): Promise<void>;
}

/** Everything the analysis measured. */
export interface IclAnalysisResult {
  settings: IclSettings;
  seed: number;
  vocabSize: number;
  /** The data recipe in one sentence. */
  recipe: string;
  parameters: number;
  pretrainLossCurve: number[];
  /** Held-out-task accuracy by number of demonstrations (k = 0 is zero-shot). */
  fewShot: { k: number; trained: number; untrained: number }[];
  trained: ModelSummary;
  untrained: ModelSummary;
  /** Perplexities on held-out task sequences: on the trained (label) positions, and on every token (words are not trained, so that one is high). */
  momentum: { eta: number; pplWithout: number; pplWith: number; allTokenPplWithout: number; allTokenPplWith: number; iclWithout: number; iclWith: number; zslWithout: number; zslWith: number; lossCurveWith: number[] };
}

function analyseModel(model: Transformer, vocab: TaskVocab, s: IclSettings, seed: number, progress: ProgressReporter, label: string): ModelSummary {
  const dev = sampleEvalExamples(new Rng(seed + 7), vocab, s.devExamples, s.demos, false);
  const { lr } = selectFtLr(model, vocab, dev, s.ftLrGrid);
  const examples = sampleEvalExamples(new Rng(seed + 11), vocab, s.examples, s.demos, true);
  const rng = new Rng(seed + 13);
  const records: ExampleRecord[] = [];
  progress.start(`icl: ${label} model, ${s.examples} examples`, s.examples);
  for (const ex of examples) {
    records.push(analyseExample(model, vocab, ex, lr, rng));
    progress.tick();
  }
  progress.done();
  return summarise(records, model.config.numLayers, lr);
}

/**
 * The whole ICL-vs-finetuning analysis: pre-train a small GPT on the task mixture, check that
 * few-shot beats zero-shot on held-out tasks, measure ZSL/ICL/FT and the paper's metrics with
 * every baseline for the trained and an untrained model, and run the momentum ablation.
 */
export async function runIclAnalysis(options: {
  quick: boolean;
  seed: number;
  progress?: ProgressReporter;
  store?: ModelStore;
  /** Overrides of the sizes (tests use tiny ones). */
  settings?: Partial<IclSettings>;
}): Promise<IclAnalysisResult> {
  const s = { ...(options.quick ? QUICK_SETTINGS : FULL_SETTINGS), ...options.settings };
  const progress = options.progress ?? silentProgress;
  const seed = options.seed;
  const vocab = new TaskVocab();
  const pre = { ...s.pretrain, seed };
  const key = (kind: string): string => `${kind}-d${pre.dModel}-l${pre.numLayers}-h${pre.numHeads}-s${pre.steps}-b${pre.batch}-seed${seed}`;

  const train = async (kind: string, o: PretrainOptions): Promise<{ model: Transformer; lossCurve: number[] }> => {
    const fresh = iclModel(vocab, o);
    if (options.store && (await options.store.load(key(kind), fresh))) return { model: fresh, lossCurve: [] };
    fresh.dispose();
    progress.start(`icl: pre-train ${kind} model`, o.steps ?? 0);
    const r = pretrainIclModel(vocab, { ...o, onStep: (_, loss) => progress.tick(50, `loss ${loss.toFixed(3)}`) });
    progress.done();
    await options.store?.save(key(kind), r.model);
    return r;
  };

  const main = await train('causal', pre);
  const untrained = iclModel(vocab, pre);
  const fewRng = new Rng(seed + 17);
  const fewExamples = sampleEvalExamples(fewRng, vocab, s.accuracyExamples, s.demos, true);
  const fewShot = [0, 2, 4, 8].filter((k) => k <= s.demos).map((k) => ({
    k,
    trained: iclAccuracy(main.model, fewExamples, k),
    untrained: iclAccuracy(untrained, fewExamples, k),
  }));

  const trained = analyseModel(main.model, vocab, s, seed, progress, 'trained');
  const untrainedSummary = analyseModel(untrained, vocab, s, seed, progress, 'untrained');

  // Momentum ablation: same seed, data and budget, momentum attention in every layer.
  const mom = await train(`momentum${s.momentumEta}`, { ...pre, pattern: momentumAttention({ eta: s.momentumEta }) });
  const pplRng = new Rng(seed + 23);
  const ppl = Array.from({ length: s.pplSequences }, () => trainingSequence(pplRng, vocab, pre.examplesPerSequence, pre.wordsPerClass, 0));
  const pplSeqs = ppl.map((p) => p.ids);
  const pplWeights = ppl.map((p) => p.weights);
  const momentum = {
    eta: s.momentumEta,
    pplWithout: sequencePerplexity(main.model, pplSeqs, pplWeights),
    pplWith: sequencePerplexity(mom.model, pplSeqs, pplWeights),
    allTokenPplWithout: sequencePerplexity(main.model, pplSeqs),
    allTokenPplWith: sequencePerplexity(mom.model, pplSeqs),
    iclWithout: iclAccuracy(main.model, fewExamples, s.demos),
    iclWith: iclAccuracy(mom.model, fewExamples, s.demos),
    zslWithout: iclAccuracy(main.model, fewExamples, 0),
    zslWith: iclAccuracy(mom.model, fewExamples, 0),
    lossCurveWith: mom.lossCurve,
  };
  const result: IclAnalysisResult = {
    settings: s,
    seed,
    vocabSize: vocab.size,
    recipe: recipeText(vocab),
    parameters: main.model.parameterCount(),
    pretrainLossCurve: main.lossCurve,
    fewShot,
    trained,
    untrained: untrainedSummary,
    momentum,
  };
  main.model.dispose();
  untrained.dispose();
  mom.model.dispose();
  return result;
}

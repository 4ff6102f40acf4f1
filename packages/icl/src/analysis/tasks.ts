import { LmkitError, Rng } from '@lmkit/tensor';

/**
 * The pre-training and evaluation data of the ICL-vs-finetuning analysis: a mixture of binary
 * word-classification tasks rendered as text, one token per word: `tiger yes red no wolf yes …`
 * (read "tiger → yes"; no separator token, so the label follows its input directly).
 *
 * Recipe. Eight hand-written word categories (12 words each) and ten label pairs. A task picks
 * two categories A and B, a label pair (l₀, l₁) and a bit s; a word of A is labelled l_s, a word
 * of B l_(1−s). Nothing about a task's mapping can be known before its demonstrations, so
 * zero-shot accuracy is chance and any gain must come from the context. Category pairs are split:
 * tasks over {@link HELD_OUT_PAIRS} never occur in pre-training and are the evaluation tasks.
 */
export const CATEGORIES: Record<string, readonly string[]> = {
  animal: ['tiger', 'wolf', 'horse', 'rabbit', 'eagle', 'shark', 'camel', 'otter', 'zebra', 'goat', 'mouse', 'whale'],
  color: ['red', 'blue', 'green', 'yellow', 'purple', 'orange', 'brown', 'pink', 'gray', 'violet', 'teal', 'amber'],
  fruit: ['apple', 'banana', 'cherry', 'grape', 'lemon', 'mango', 'peach', 'pear', 'plum', 'melon', 'kiwi', 'fig'],
  country: ['france', 'japan', 'brazil', 'kenya', 'canada', 'india', 'spain', 'egypt', 'norway', 'peru', 'chile', 'italy'],
  tool: ['hammer', 'saw', 'drill', 'wrench', 'chisel', 'pliers', 'shovel', 'rake', 'axe', 'file', 'clamp', 'ladder'],
  body: ['arm', 'leg', 'knee', 'elbow', 'ankle', 'wrist', 'shoulder', 'finger', 'toe', 'neck', 'chin', 'hip'],
  vehicle: ['car', 'bus', 'truck', 'train', 'boat', 'plane', 'bike', 'tram', 'ferry', 'van', 'taxi', 'yacht'],
  emotion: ['joy', 'anger', 'fear', 'grief', 'pride', 'shame', 'envy', 'hope', 'awe', 'calm', 'guilt', 'relief'],
};

/** Label pairs; a task uses one pair. */
export const LABEL_PAIRS: readonly (readonly [string, string])[] = [
  ['yes', 'no'],
  ['good', 'bad'],
  ['pos', 'neg'],
  ['left', 'right'],
  ['hot', 'cold'],
  ['on', 'off'],
  ['true', 'false'],
  ['up', 'down'],
  ['high', 'low'],
  ['alpha', 'beta'],
];

const CATEGORY_NAMES = Object.keys(CATEGORIES);

/** Category pairs (indices into the category list, i < j) reserved for evaluation. */
export const HELD_OUT_PAIRS: readonly (readonly [number, number])[] = [
  [0, 1],
  [2, 5],
  [3, 7],
  [4, 6],
  [1, 6],
  [0, 7],
];

/** One binary classification task. */
export interface Task {
  /** Category index of class 0 and of class 1. */
  categories: [number, number];
  /** Label word ids of class 0 and class 1. */
  labels: [number, number];
  /** Word ids each class draws its inputs from (a random subset of its category). */
  pools: [number[], number[]];
}

/** One labelled example: input word id and class (0/1). */
export interface Example {
  word: number;
  cls: 0 | 1;
}

/** Word-level vocabulary of the task mixture. */
export class TaskVocab {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Word ids per category. */
  readonly categoryWords: number[][];
  /** Label id pairs. */
  readonly labelPairs: [number, number][];

  constructor() {
    this.categoryWords = CATEGORY_NAMES.map((c) => CATEGORIES[c]!.map((w) => this.add(w)));
    this.labelPairs = LABEL_PAIRS.map(([a, b]) => [this.add(a), this.add(b)]);
  }

  private add(w: string): number {
    const have = this.ids.get(w);
    if (have !== undefined) return have;
    this.ids.set(w, this.words.length);
    this.words.push(w);
    return this.words.length - 1;
  }

  get size(): number {
    return this.words.length;
  }

  /** Renders ids as text, `word → label` pairs separated by two spaces. */
  render(ids: readonly number[]): string {
    const parts: string[] = [];
    for (let i = 0; i < ids.length; i += 2) {
      const w = this.words[ids[i]!] ?? '?';
      parts.push(i + 1 < ids.length ? `${w} → ${this.words[ids[i + 1]!] ?? '?'}` : `${w} →`);
    }
    return parts.join('  ');
  }
}

function isHeldOut(a: number, b: number): boolean {
  const [i, j] = a < b ? [a, b] : [b, a];
  return HELD_OUT_PAIRS.some(([x, y]) => x === i && y === j);
}

/**
 * Samples a task whose category pair is (`heldOut`) or is not in {@link HELD_OUT_PAIRS}; each
 * class draws its inputs from `wordsPerClass` words of its category (default 4: repeats are
 * common, as in bursty natural text).
 */
export function sampleTask(rng: Rng, vocab: TaskVocab, heldOut: boolean, wordsPerClass = 4): Task {
  const n = vocab.categoryWords.length;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const a = rng.int(n);
    const b = rng.int(n);
    if (a === b || isHeldOut(a, b) !== heldOut) continue;
    const pair = rng.pick(vocab.labelPairs);
    const flip = rng.next() < 0.5;
    const pool = (c: number): number[] => rng.shuffle([...vocab.categoryWords[c]!]).slice(0, wordsPerClass);
    return { categories: [a, b], labels: flip ? [pair[1], pair[0]] : [pair[0], pair[1]], pools: [pool(a), pool(b)] };
  }
  throw new LmkitError('LMKIT_BAD_DATA', 'could not sample a task: check HELD_OUT_PAIRS');
}

/** Samples a labelled example of `task` (classes equally likely, or the given class). */
export function sampleExample(rng: Rng, vocab: TaskVocab, task: Task, cls?: 0 | 1): Example {
  const c: 0 | 1 = cls ?? (rng.next() < 0.5 ? 0 : 1);
  return { word: rng.pick(task.pools[c]), cls: c };
}

/** Token ids of demonstrations `w l` followed by the query word `w` (and `extra` tokens if given). */
export function renderPrompt(task: Task, demos: readonly Example[], query: Example, extra: readonly number[] = []): number[] {
  const ids: number[] = [];
  for (const d of demos) ids.push(d.word, task.labels[d.cls]);
  ids.push(query.word, ...extra);
  return ids;
}

/** A pre-training sequence: `count` examples of one task, all as `w l` (length 2·count). */
export function pretrainSequence(rng: Rng, vocab: TaskVocab, count: number, heldOut = false, wordsPerClass = 4): number[] {
  const task = sampleTask(rng, vocab, heldOut, wordsPerClass);
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const e = sampleExample(rng, vocab, task);
    ids.push(e.word, task.labels[e.cls]);
  }
  return ids;
}

import { LmkitError, type Rng } from '@lmkit/tensor';

/**
 * The pre-training and evaluation data of the ICL-vs-finetuning analysis: a mixture of binary
 * word-classification tasks rendered as text, one token per word: `tiger yes red no wolf yes …`
 * (read "tiger → yes"; no separator token, so the label follows its input directly).
 *
 * Recipe. Eight hand-written word categories (12 words each) and twenty label words. A task
 * picks four categories and gives each a different random label word; an input is a word of one
 * of the categories, its label that category's label word. Nothing about a task's mapping can be
 * known before its demonstrations, so zero-shot accuracy is chance (1/4) and any gain must come
 * from the context. One class per task is dominant ({@link DOMINANT_SHARE} of its examples): a tiny
 * model first learns to read this label distribution from the demonstrations (Min et al. 2022 found
 * label space and distribution drive much of ICL in large models too), later also the mapping. Category sets are split: tasks over held-out sets ({@link isHeldOutSet})
 * never occur in pre-training and are the evaluation tasks.
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

/** Label words; a task labels its two classes with two different ones, drawn at random. */
export const LABEL_WORDS: readonly string[] = [
  'yes', 'no', 'good', 'bad', 'pos', 'neg', 'left', 'right', 'hot', 'cold',
  'on', 'off', 'true', 'false', 'up', 'down', 'high', 'low', 'alpha', 'beta',
];

const CATEGORY_NAMES = Object.keys(CATEGORIES);

/** Classes per task. */
export const CLASSES_PER_TASK = 4;

/**
 * Whether a set of categories is reserved for evaluation: its bitmask (Σ 2^category) is
 * divisible by 5. For 4 of 8 categories that holds for 18 of the 70 sets; tasks over them never
 * occur in pre-training.
 */
export function isHeldOutSet(categories: readonly number[]): boolean {
  const mask = categories.reduce((m, c) => m | (1 << c), 0);
  return mask % 5 === 0;
}

/** One classification task. */
export interface Task {
  /** Category index of each class. */
  categories: number[];
  /** Label word id of each class. */
  labels: number[];
  /** Word ids each class draws its inputs from (a random subset of its category). */
  pools: number[][];
  /** Class probabilities: one random class is dominant ({@link DOMINANT_SHARE}), the rest share the remainder. */
  prior: number[];
}

/** Probability of a task's dominant class (the others share the rest equally). */
export const DOMINANT_SHARE = 0.55;

/** One labelled example: input word id and class index. */
export interface Example {
  word: number;
  cls: number;
}

/** Word-level vocabulary of the task mixture. */
export class TaskVocab {
  readonly words: string[] = [];
  private readonly ids = new Map<string, number>();
  /** Word ids per category. */
  readonly categoryWords: number[][];
  /** Label word ids. */
  readonly labels: number[];

  /**
   * @param options how much of the word lists to use (defaults: 6 categories × 8 words, 10 label
   *   words — a small vocabulary lets a tiny model learn quickly).
   */
  constructor(options: { categories?: number; wordsPerCategory?: number; labelWords?: number } = {}) {
    const nc = options.categories ?? 6;
    const nw = options.wordsPerCategory ?? 8;
    const nl = options.labelWords ?? 10;
    this.categoryWords = CATEGORY_NAMES.slice(0, nc).map((c) => CATEGORIES[c]!.slice(0, nw).map((w) => this.add(w)));
    this.labels = LABEL_WORDS.slice(0, nl).map((w) => this.add(w));
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

/**
 * Samples a task of {@link CLASSES_PER_TASK} classes whose category set is (`heldOut`) or is not
 * reserved for evaluation; each class draws its inputs from `wordsPerClass` words of its category
 * (default 4: repeats are common, as in bursty natural text) and gets its own random label word.
 */
export function sampleTask(rng: Rng, vocab: TaskVocab, heldOut: boolean, wordsPerClass = 4): Task {
  const n = vocab.categoryWords.length;
  for (let attempt = 0; attempt < 1000; attempt++) {
    const categories = rng.shuffle(Array.from({ length: n }, (_, i) => i)).slice(0, CLASSES_PER_TASK);
    if (isHeldOutSet(categories) !== heldOut) continue;
    const labels = rng.shuffle([...vocab.labels]).slice(0, CLASSES_PER_TASK);
    const pools = categories.map((c) => rng.shuffle([...vocab.categoryWords[c]!]).slice(0, wordsPerClass));
    const dominant = rng.int(CLASSES_PER_TASK);
    const prior = categories.map((_, c) => (c === dominant ? DOMINANT_SHARE : (1 - DOMINANT_SHARE) / (CLASSES_PER_TASK - 1)));
    return { categories, labels, pools, prior };
  }
  throw new LmkitError('LMKIT_BAD_DATA', 'could not sample a task');
}

/** Samples a labelled example of `task` (class drawn from the task's prior, or the given class). */
export function sampleExample(rng: Rng, _vocab: TaskVocab, task: Task, cls?: number): Example {
  let c = cls ?? -1;
  if (c < 0) {
    let u = rng.next();
    c = 0;
    while (c < task.prior.length - 1 && u >= task.prior[c]!) u -= task.prior[c++]!;
  }
  return { word: rng.pick(task.pools[c]!), cls: c };
}

/** Token ids of demonstrations `w l` followed by the query word `w` (and `extra` tokens if given). */
export function renderPrompt(task: Task, demos: readonly Example[], query: Example, extra: readonly number[] = []): number[] {
  const ids: number[] = [];
  for (const d of demos) ids.push(d.word, task.labels[d.cls]!);
  ids.push(query.word, ...extra);
  return ids;
}

/**
 * A pre-training sequence: `count` examples of one task, all as `w l` (length 2·count). The
 * first {@link CLASSES_PER_TASK} examples show each class once, in random order (like a glossary
 * at the top of a page); the rest are drawn at random.
 */
export function pretrainSequence(rng: Rng, vocab: TaskVocab, count: number, heldOut = false, wordsPerClass = 4): number[] {
  const task = sampleTask(rng, vocab, heldOut, wordsPerClass);
  const ids: number[] = [];
  const first = rng.shuffle(Array.from({ length: task.labels.length }, (_, c) => c));
  for (let i = 0; i < count; i++) {
    const e = sampleExample(rng, vocab, task, first[i]);
    ids.push(e.word, task.labels[e.cls]!);
  }
  return ids;
}

/** One sentence stating the data recipe, for reports. */
export function recipeText(vocab: TaskVocab): string {
  const nc = vocab.categoryWords.length;
  const nw = vocab.categoryWords[0]?.length ?? 0;
  return (
    `synthetic word-classification tasks rendered as text ("tiger yes  red no …", one token per word): ${nc} hand-written categories of ${nw} words and ${vocab.labels.length} label words; ` +
    `a task gives ${CLASSES_PER_TASK} categories a random label word each, and one random class is dominant (${Math.round(100 * DOMINANT_SHARE)}% of its examples), so zero-shot is at chance while demonstrations reveal both the mapping and the label distribution; ` +
    `pre-training sequences start with one example per class, then examples drawn from the task; the loss is on the labels after that opening; ` +
    `category sets whose bitmask is divisible by 5 are held out of pre-training and used for evaluation`
  );
}

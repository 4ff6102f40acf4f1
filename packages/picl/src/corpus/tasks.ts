/**
 * Which intrinsic tasks train the retriever and which are held out. Held-out tasks are used for
 * nothing but evaluation: not for the retriever's training pairs and not for choosing anything.
 */

/** The 45 WordNet lexicographer files, by number (WordNet 3.x `lexnames`). */
export const WORDNET_LEXNAMES = [
  'adj.all', 'adj.pert', 'adv.all', 'noun.Tops', 'noun.act', 'noun.animal', 'noun.artifact', 'noun.attribute',
  'noun.body', 'noun.cognition', 'noun.communication', 'noun.event', 'noun.feeling', 'noun.food', 'noun.group',
  'noun.location', 'noun.motive', 'noun.object', 'noun.person', 'noun.phenomenon', 'noun.plant', 'noun.possession',
  'noun.process', 'noun.quantity', 'noun.relation', 'noun.shape', 'noun.state', 'noun.substance', 'noun.time',
  'verb.body', 'verb.change', 'verb.cognition', 'verb.communication', 'verb.competition', 'verb.consumption',
  'verb.contact', 'verb.creation', 'verb.emotion', 'verb.motion', 'verb.perception', 'verb.possession',
  'verb.social', 'verb.stative', 'verb.weather', 'adj.ppl',
] as const;

/**
 * WordNet topics held out from every training step, as definitions (`gloss:…`) and as usage
 * examples (`usage:…`); the gloss-topic evaluation uses the first four.
 */
export const HELD_OUT_LEXNAMES = [
  'noun.animal', 'noun.food', 'noun.plant', 'noun.body',
  'noun.location', 'noun.time', 'verb.motion', 'verb.emotion', 'verb.weather', 'verb.consumption', 'adj.pert', 'noun.shape',
] as const;

/** Non-WordNet tasks held out from every training step. */
export const HELD_OUT_TASKS = [
  'review:restaurant-positive', 'review:restaurant-negative', 'email:spam', 'email:ham',
  'speech:1830-1849', 'speech:1970-1989', 'brown:religion', 'brown:mystery', 'brown:hobbies',
] as const;

const heldOut = new Set<string>([...HELD_OUT_TASKS, ...HELD_OUT_LEXNAMES.flatMap((l) => [`gloss:${l}`, `usage:${l}`])]);

/** True when `task` is held out: it must not be used for training anything. */
export function isHeldOutTask(task: string): boolean {
  return heldOut.has(task);
}

/** True when `task` may train the retriever and the LMs. */
export function isTrainTask(task: string): boolean {
  return !heldOut.has(task);
}

/** Which part of a paragraph's label is the class of an evaluation example. */
export type ClassOf = 'label' | 'task' | 'format';

/** A held-out classification task for few-shot evaluation, scored by verbalizer label words. */
export interface EvalTaskSpec {
  /** Name in reports. */
  name: string;
  /** Task names (as in labels) whose paragraphs are the examples. */
  tasks: string[];
  /** Class of an example → verbalizer word. */
  verbalizers: Record<string, string>;
  /** Where the class comes from: the paragraph's `label` (default), its `task` or its `format`. */
  classOf?: ClassOf;
}

/**
 * The held-out classification tasks: sentiment and spam by content words, and four tasks whose
 * class shows in surface cues a small LM can pick up from the demonstrations (topic of a
 * definition, era of a speech, genre of a book passage, kind of text).
 */
export const EVAL_TASKS: EvalTaskSpec[] = [
  { name: 'sentiment (yelp)', tasks: ['review:restaurant-positive', 'review:restaurant-negative'], verbalizers: { negative: 'negative', positive: 'positive' } },
  { name: 'spam detection', tasks: ['email:spam', 'email:ham'], verbalizers: { ham: 'ham', spam: 'spam' } },
  {
    name: 'gloss topic',
    tasks: ['gloss:noun.animal', 'gloss:noun.food', 'gloss:noun.plant', 'gloss:noun.body'],
    verbalizers: { 'noun.animal': 'animal', 'noun.food': 'food', 'noun.plant': 'plant', 'noun.body': 'body' },
  },
  { name: 'speech era', tasks: ['speech:1830-1849', 'speech:1970-1989'], verbalizers: { 'speech:1830-1849': 'old', 'speech:1970-1989': 'modern' }, classOf: 'task' },
  {
    name: 'book genre',
    tasks: ['brown:religion', 'brown:mystery', 'brown:hobbies'],
    verbalizers: { religion: 'religion', mystery: 'crime', hobbies: 'hobby' },
  },
  {
    name: 'kind of text',
    tasks: ['gloss:noun.animal', 'gloss:noun.food', 'review:restaurant-positive', 'review:restaurant-negative', 'email:spam', 'email:ham', 'speech:1830-1849', 'speech:1970-1989'],
    verbalizers: { gloss: 'definition', review: 'review', email: 'email', speech: 'speech' },
    classOf: 'format',
  },
];

/** The class of a paragraph for an evaluation task (see {@link EvalTaskSpec.classOf}). */
export function exampleClass(spec: EvalTaskSpec, label: { task: string; format: string; label?: string }): string | undefined {
  return spec.classOf === 'task' ? label.task : spec.classOf === 'format' ? label.format : label.label;
}

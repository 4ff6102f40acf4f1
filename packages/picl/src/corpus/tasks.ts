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

/** WordNet topics held out from retriever training (the gloss-topic evaluation uses the first four). */
export const HELD_OUT_LEXNAMES = [
  'noun.animal', 'noun.food', 'noun.plant', 'noun.body',
  'noun.location', 'noun.time', 'verb.motion', 'verb.emotion', 'verb.weather', 'verb.consumption', 'adj.pert', 'noun.shape',
] as const;

/** Non-WordNet tasks held out from retriever training. */
export const HELD_OUT_TASKS = ['review:restaurant', 'email:spam', 'email:ham'] as const;

const heldOut = new Set<string>([...HELD_OUT_TASKS, ...HELD_OUT_LEXNAMES.map((l) => `gloss:${l}`)]);

/** True when `task` is held out: it must not be used for training anything. */
export function isHeldOutTask(task: string): boolean {
  return heldOut.has(task);
}

/** True when `task` may train the retriever. */
export function isTrainTask(task: string): boolean {
  return !heldOut.has(task);
}

/** A held-out classification task for few-shot evaluation, scored by verbalizer label words. */
export interface EvalTaskSpec {
  /** Name in reports. */
  name: string;
  /** Task names (as in labels) whose paragraphs are the examples. */
  tasks: string[];
  /** Class of an example from its label → verbalizer word. */
  verbalizers: Record<string, string>;
}

/** The held-out classification tasks of the experiment. */
export const EVAL_TASKS: EvalTaskSpec[] = [
  { name: 'sentiment (yelp)', tasks: ['review:restaurant'], verbalizers: { negative: 'negative', positive: 'positive' } },
  { name: 'spam detection', tasks: ['email:spam', 'email:ham'], verbalizers: { ham: 'ham', spam: 'spam' } },
  {
    name: 'gloss topic',
    tasks: ['gloss:noun.animal', 'gloss:noun.food', 'gloss:noun.plant', 'gloss:noun.body'],
    verbalizers: { 'noun.animal': 'animal', 'noun.food': 'food', 'noun.plant': 'plant', 'noun.body': 'body' },
  },
];

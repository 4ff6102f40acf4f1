import { isTrainTask } from '../corpus/tasks.js';
import type { LabelledCorpus } from '../corpus/types.js';
import type { TaskExample } from './pairs.js';

/** Train-task paragraphs of a labelled corpus as retriever examples (held-out tasks never enter). */
export function trainExamples(corpus: LabelledCorpus): TaskExample[] {
  const out: TaskExample[] = [];
  for (const p of corpus.paragraphs) {
    const task = corpus.labels.get(p.id)?.task;
    if (task !== undefined && isTrainTask(task)) out.push({ text: p.text, task });
  }
  return out;
}

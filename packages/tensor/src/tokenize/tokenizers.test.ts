import { describe, expect, it } from 'vitest';
import { Rng } from '../random/rng.js';
import { BpeTokenizer } from './bpe.js';
import { CharTokenizer, UNK_ID } from './char.js';
import { tokenizerFromJSON } from './json.js';
import { pretokenize } from './pretokenize.js';

/** A random JS string mixing ASCII, BMP, astral code points and lone surrogates. */
function randomString(rng: Rng, maxLen: number): string {
  const n = rng.int(maxLen + 1);
  let s = '';
  for (let i = 0; i < n; i++) {
    const kind = rng.int(6);
    if (kind === 0) s += String.fromCharCode(32 + rng.int(95));
    else if (kind === 1) s += ' ';
    else if (kind === 2) s += String.fromCharCode(0x80 + rng.int(0xd800 - 0x80));
    else if (kind === 3) s += String.fromCodePoint(0x10000 + rng.int(0x10ffff - 0x10000));
    else if (kind === 4) s += String.fromCharCode(0xd800 + rng.int(0x800)); // lone (or accidentally paired) surrogate
    else s += String.fromCharCode(0xe000 + rng.int(0x2000));
  }
  return s;
}

const sample =
  'Call me Ishmael. Some years ago—never mind how long precisely—having little or no money in my purse, ' +
  'and nothing particular to interest me on shore, I thought I would sail about a little and see the watery part of the world. ';

describe('pretokenize', () => {
  it('is lossless and splits words', () => {
    const rng = new Rng(3);
    for (let t = 0; t < 200; t++) {
      const s = randomString(rng, 200);
      expect(pretokenize(s).join('')).toBe(s);
    }
    expect(pretokenize('Hello, world  42!')).toEqual(['Hello', ',', ' world', ' ', ' 42', '!']);
  });
});

describe('BpeTokenizer', () => {
  const bpe = BpeTokenizer.train(sample.repeat(20), { vocabSize: 300 });

  it('round-trips random Unicode strings exactly, lone surrogates included', () => {
    const rng = new Rng(42);
    for (let t = 0; t < 500; t++) {
      const s = randomString(rng, 60);
      expect(bpe.decode(bpe.encode(s))).toBe(s);
    }
  });

  it('round-trips emoji sequences and the training text', () => {
    for (const s of ['👨‍👩‍👧‍👦 🇯🇵 🏳️‍🌈', sample, 'a\ud800b', '\udc00']) expect(bpe.decode(bpe.encode(s))).toBe(s);
  });

  it('learns merges that shorten the training text and respects vocabSize', () => {
    expect(bpe.vocabSize).toBe(300);
    expect(bpe.encode(sample).length).toBeLessThan(new TextEncoder().encode(sample).length);
    // Every chunk occurs 20 times, so with room enough each chunk ends up a single token.
    const big = BpeTokenizer.train(sample.repeat(20), { vocabSize: 5000 });
    expect(big.encode(sample).length).toBe(pretokenize(sample).length);
    // The first merge is the most frequent adjacent byte pair inside chunks: count it by hand.
    const counts = new Map<string, number>();
    for (const c of pretokenize(sample.repeat(20))) {
      const b = new TextEncoder().encode(c);
      for (let i = 0; i + 1 < b.length; i++) {
        const k = `${b[i]},${b[i + 1]}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    }
    const max = Math.max(...counts.values());
    const first = bpe.merges[0]!;
    expect(counts.get(`${first[0]},${first[1]}`)).toBe(max);
  });

  it('matches a naive re-counting trainer merge for merge', () => {
    const text = 'low lower lowest newer newest wider widest '.repeat(3) + 'ab ab abab';
    const fast = BpeTokenizer.train(text, { vocabSize: 290 });
    expect(fast.merges).toEqual(naiveMerges(text, 290));
  });

  it('stops when no pair repeats, and serialises through JSON', () => {
    const small = BpeTokenizer.train('abcd', { vocabSize: 1000 });
    expect(small.vocabSize).toBe(256);
    const again = tokenizerFromJSON(JSON.parse(JSON.stringify(bpe)));
    expect(again.vocabSize).toBe(bpe.vocabSize);
    expect(again.encode(sample)).toEqual(bpe.encode(sample));
  });

  it('rejects bad ids, bad options and bad JSON', () => {
    expect(() => bpe.decode([bpe.vocabSize])).toThrow(/outside the vocabulary/);
    expect(() => BpeTokenizer.train('x', { vocabSize: 10 })).toThrow(/vocabSize/);
    expect(() => tokenizerFromJSON({ type: 'bpe', merges: [300, 1] })).toThrow(/does not exist/);
    expect(() => tokenizerFromJSON({ type: 'word' })).toThrow(/unknown tokenizer type/);
  });
});

/** Reference trainer: recount every pair after every merge (slow, obviously correct). */
function naiveMerges(text: string, vocabSize: number): [number, number][] {
  const words = pretokenize(text).map((c) => Array.from(new TextEncoder().encode(c)));
  const merges: [number, number][] = [];
  while (256 + merges.length < vocabSize) {
    const counts = new Map<number, number>();
    for (const w of words) for (let i = 0; i + 1 < w.length; i++) {
      const k = w[i]! * 2097152 + w[i + 1]!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    let bestK = -1;
    let bestC = 0;
    for (const [k, c] of counts) if (c > bestC || (c === bestC && k < bestK)) [bestK, bestC] = [k, c];
    if (bestC < 2) break;
    const a = Math.floor(bestK / 2097152);
    const b = bestK % 2097152;
    const id = 256 + merges.length;
    merges.push([a, b]);
    for (let j = 0; j < words.length; j++) {
      const w = words[j]!;
      const next: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          next.push(id);
          i++;
        } else next.push(w[i]!);
      }
      words[j] = next;
    }
  }
  return merges;
}

describe('CharTokenizer', () => {
  const tok = CharTokenizer.fromText('hello 😀 world', { extra: ['<sep>'] });

  it('round-trips seen text, maps unseen characters to <unk>', () => {
    expect(tok.decode(tok.encode('hello world 😀'))).toBe('hello world 😀');
    const ids = tok.encode('hex');
    expect(ids[2]).toBe(UNK_ID);
    expect(tok.decode(ids)).toBe('he\ufffd');
    // 1 unk + 1 extra + distinct code points of the text (h e l o space 😀 w r d)
    expect(tok.vocabSize).toBe(2 + 9);
  });

  it('matches extra tokens as a whole', () => {
    expect(tok.encode('he<sep>lo')).toEqual([tok.encode('h')[0], tok.encode('e')[0], 1, tok.encode('l')[0], tok.encode('o')[0]]);
  });

  it('serialises through JSON', () => {
    const again = tokenizerFromJSON(JSON.parse(JSON.stringify(tok)));
    expect(again.encode('hello <sep> 😀')).toEqual(tok.encode('hello <sep> 😀'));
    expect(() => tok.decode([-1])).toThrow(/outside the vocabulary/);
  });
});

import { describe, expect, it } from 'vitest';
import { wtf8Decode, wtf8Encode } from './wtf8.js';

describe('wtf8', () => {
  it('matches TextEncoder on well-formed strings', () => {
    for (const s of ['', 'abc', 'é', '€', '日本語', '😀 family: 👨‍👩‍👧', '\u0000\u007f\u0080\u07ff\u0800\uffff']) {
      expect([...wtf8Encode(s)]).toEqual([...new TextEncoder().encode(s)]);
      expect(wtf8Decode(wtf8Encode(s))).toBe(s);
    }
  });

  it('encodes a lone surrogate as its own 3-byte sequence and decodes it back', () => {
    expect([...wtf8Encode('\ud800')]).toEqual([0xed, 0xa0, 0x80]);
    expect([...wtf8Encode('\udfff')]).toEqual([0xed, 0xbf, 0xbf]);
    for (const s of ['\ud83d', 'a\ude00b', '\ude00\ud83d', '😀'.slice(0, 1) + 'x']) expect(wtf8Decode(wtf8Encode(s))).toBe(s);
  });

  it('decodes invalid bytes to one U+FFFD each', () => {
    expect(wtf8Decode([0xff])).toBe('\ufffd');
    expect(wtf8Decode([0x61, 0xe2, 0x82])).toBe('a\ufffd\ufffd'); // truncated €
    expect(wtf8Decode([0xc0, 0xaf])).toBe('\ufffd\ufffd'); // overlong '/'
    expect(wtf8Decode([0xf0, 0x9f, 0x98, 0x80])).toBe('😀');
  });
});

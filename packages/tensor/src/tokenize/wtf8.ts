/**
 * WTF-8: UTF-8 extended to lone surrogates. JavaScript strings are UTF-16 and may hold unpaired
 * surrogates (e.g. a string cut in the middle of an emoji). `TextEncoder` would replace those by
 * U+FFFD and lose information; WTF-8 encodes each lone surrogate as its own 3-byte sequence
 * (`ED A0..BF xx`), so `wtf8Decode(wtf8Encode(s)) === s` for every JavaScript string.
 * Paired surrogates become the ordinary 4-byte UTF-8 of their code point.
 */

/** Encodes any JavaScript string (lone surrogates included) as WTF-8 bytes. */
export function wtf8Encode(text: string): Uint8Array {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let cp = text.charCodeAt(i);
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < text.length) {
      const lo = text.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return Uint8Array.from(out);
}

/**
 * Decodes WTF-8 bytes. A surrogate encoded on its own (`ED A0..BF xx`) becomes that UTF-16 code
 * unit. Bytes that do not form a valid sequence (e.g. the decoding of a token list cut inside a
 * multi-byte character) become one U+FFFD each, so decoding never throws.
 */
export function wtf8Decode(bytes: ArrayLike<number>): string {
  const units: number[] = [];
  let out = '';
  const flush = (): void => {
    if (units.length > 0) {
      out += String.fromCharCode(...units);
      units.length = 0;
    }
  };
  const n = bytes.length;
  let i = 0;
  while (i < n) {
    const b0 = bytes[i] as number;
    let cp = -1;
    let len = 1;
    if (b0 < 0x80) cp = b0;
    else if (b0 >= 0xc2 && b0 <= 0xdf) {
      len = 2;
      cp = cont(bytes, i, 1) ? ((b0 & 0x1f) << 6) | ((bytes[i + 1] as number) & 0x3f) : -1;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      len = 3;
      if (cont(bytes, i, 2)) {
        cp = ((b0 & 0x0f) << 12) | (((bytes[i + 1] as number) & 0x3f) << 6) | ((bytes[i + 2] as number) & 0x3f);
        if (cp < 0x800) cp = -1; // overlong
      }
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      len = 4;
      if (cont(bytes, i, 3)) {
        cp =
          ((b0 & 0x07) << 18) |
          (((bytes[i + 1] as number) & 0x3f) << 12) |
          (((bytes[i + 2] as number) & 0x3f) << 6) |
          ((bytes[i + 3] as number) & 0x3f);
        if (cp < 0x10000 || cp > 0x10ffff) cp = -1;
      }
    }
    if (cp < 0) {
      units.push(0xfffd);
      i += 1;
    } else {
      if (cp >= 0x10000) {
        const c = cp - 0x10000;
        units.push(0xd800 + (c >> 10), 0xdc00 + (c & 0x3ff));
      } else units.push(cp);
      i += len;
    }
    if (units.length > 4096) flush();
  }
  flush();
  return out;
}

function cont(bytes: ArrayLike<number>, i: number, count: number): boolean {
  if (i + count >= bytes.length) return false;
  for (let k = 1; k <= count; k++) {
    const b = bytes[i + k];
    if (b === undefined || (b & 0xc0) !== 0x80) return false;
  }
  return true;
}

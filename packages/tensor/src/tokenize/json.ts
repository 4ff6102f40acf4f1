import { LmkitError } from '../errors.js';
import { BpeTokenizer } from './bpe.js';
import { CharTokenizer } from './char.js';
import type { Tokenizer } from './types.js';

/** Recreates a tokenizer from its `toJSON()` output; throws `LMKIT_BAD_DATA` for anything else. */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const type = (json as { type?: unknown } | null)?.type;
  if (type === 'char') return CharTokenizer.fromJSON(json);
  if (type === 'bpe') return BpeTokenizer.fromJSON(json);
  throw new LmkitError('LMKIT_BAD_DATA', `unknown tokenizer type ${JSON.stringify(type)}: expected "char" or "bpe"`);
}

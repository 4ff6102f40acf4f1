export type { Tokenizer } from './types.js';
export { CharTokenizer, UNK_ID, type CharTokenizerOptions } from './char.js';
export { BpeTokenizer, type BpeTrainOptions } from './bpe.js';
export { tokenizerFromJSON } from './json.js';
export { wtf8Encode, wtf8Decode } from './wtf8.js';
export { pretokenize } from './pretokenize.js';

// AssemblyScript entry of lmkit's wasm kernels (see build.mjs).
export { swapMiddle } from './transpose';
export { sumRows } from './reduce';
export { attentionForward, attentionBackward } from './attention';
export { scatterAddRows } from './embed';
export { crossEntropyForward, crossEntropyBackward } from './xent';
export { geluForward, geluBackward, layerNormForward, layerNormBackward } from './pointwise';
export { adamwStep } from './adamw';
export { topkRows } from './topk';

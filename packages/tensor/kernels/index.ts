// AssemblyScript entry of lmkit's wasm kernels (see build.mjs).
export { swapMiddle } from './transpose';

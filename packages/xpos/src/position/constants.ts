/** Base of the rotary frequencies: θ_i = ROPE_BASE^(−2i/d) (RoFormer; XPOS paper §3); defined in the core. */
export { ROPE_BASE } from '@lmkit/tensor';
/** XPOS γ in ζ_i = (2i/d + γ)/(1 + γ) (arXiv 2212.10554, §3.1; torchscale uses 0.4). */
export const XPOS_GAMMA = 0.4;
/** XPOS scale base B: the decay factor is ζ_i^((n−m)/B) (torchscale `scale_base`). */
export const XPOS_SCALE_BASE = 512;

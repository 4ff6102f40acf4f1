import * as tf from '@tensorflow/tfjs';
import { ArgumentError, embed, gelu, layerNorm, linear, toIdTensor, type Transformer } from '@lmkit/tensor';

/**
 * "Logit lens" of a {@link Transformer}: runs blocks 0…`layer` only, then the final layer norm
 * and the unembedding, giving `[B, T, vocab]` logits read off that layer's residual stream.
 * For `layer = numLayers − 1` this is the model's own forward pass (checked by a test). Used by
 * layer-causal GD (Deutch et al. 2024), where layer l is trained on its own intermediate prediction.
 */
export function layerLogits(model: Transformer, ids: number[][], layer: number): tf.Tensor3D {
  const { dModel: D, numHeads: H, numLayers: L, vocabSize: V, tieEmbeddings } = model.config;
  if (!Number.isInteger(layer) || layer < 0 || layer >= L) throw new ArgumentError(`layer must be in [0, ${L}), got ${layer}`);
  const p = (name: string): tf.Tensor => model.variable(name);
  return tf.tidy(() => {
    const idT = toIdTensor(ids, V);
    const [B, T] = idT.shape;
    const dh = D / H;
    let x: tf.Tensor = embed(idT, p('wte') as tf.Tensor2D);
    if (model.position.embedding) x = x.add(model.position.embedding(0, T, D));
    const split = (t: tf.Tensor): tf.Tensor4D => t.reshape([B, T, H, dh]).transpose([0, 2, 1, 3]) as tf.Tensor4D;
    for (let l = 0; l <= layer; l++) {
      const pre = `blocks.${l}.`;
      const h = layerNorm(x, p(pre + 'ln1.g'), p(pre + 'ln1.b'));
      let q = split(linear(h, p(pre + 'attn.wq')));
      let k = split(linear(h, p(pre + 'attn.wk')));
      const v = split(linear(h, p(pre + 'attn.wv')));
      if (model.position.rotate) [q, k] = model.position.rotate(q, k, 0, 0);
      const pos = model.position;
      const bias = pos.scoreBias ? (qs: number, ql: number, ks: number, kl: number) => pos.scoreBias!(H, qs, ql, ks, kl) : undefined;
      const res = model.pattern.attend({ q, k, v, qStart: 0, kStart: 0, bias });
      const heads = res.out.transpose([0, 2, 1, 3]).reshape([B, T, D]);
      x = x.add(linear(heads, p(pre + 'attn.wo'), p(pre + 'attn.bo')));
      const h2 = layerNorm(x, p(pre + 'ln2.g'), p(pre + 'ln2.b'));
      x = x.add(linear(gelu(linear(h2, p(pre + 'mlp.w1'), p(pre + 'mlp.b1'))), p(pre + 'mlp.w2'), p(pre + 'mlp.b2')));
    }
    const xf = layerNorm(x, p('lnf.g'), p('lnf.b')).reshape([B * T, D]);
    const out = tieEmbeddings ? tf.matMul(xf, p('wte') as tf.Tensor2D, false, true) : tf.matMul(xf, p('head') as tf.Tensor2D);
    return out.reshape([B, T, V]) as tf.Tensor3D;
  });
}

/**
 * W6 peer "plain tfjs": the W6 transformer written the way a typical tfjs user writes it, with
 * straightforward tf ops, `tf.variableGrads` and `tf.train.adam`, nothing tuned. It is the
 * baseline our training step is measured against in bench/w6.bench.ts (same config, same data).
 *
 * Architecture (nanoGPT's, as bench/peers/w6_torch.py): token + learned position embeddings,
 * `nLayer` pre-LN blocks `x += proj(attn(ln1(x)))`, `x += fc2(gelu(fc(ln2(x))))` with causal
 * softmax attention over `nHead` heads, final LayerNorm, linear head, mean cross-entropy.
 * Weights: N(0, 0.02²) (biases 0, LayerNorm γ = 1, β = 0) from tfjs's seeded `randomNormal`.
 */
import type { Tf } from '@fpml/core/tf';
import type { Tensor, Variable } from '@tensorflow/tfjs';
import type { FastGptConfig } from '../src/lm/gpt-params.js';

/** Sizes of the W6 transformer (the library trainers' config type). */
export type GptConfig = FastGptConfig;

/** The W6 sizes: vocab 65, d_model 128, 4 heads, 2 layers, FFN 512, context 64. */
export const W6: GptConfig = { vocab: 65, dModel: 128, nHead: 4, nLayer: 2, dFf: 512, context: 64 };

/** A plain-tfjs GPT with its Adam optimiser. */
export interface PlainGpt {
  params: Variable[];
  /** One Adam step on tokens x (B, T) int32 and targets y (B, T) int32; returns the loss tensor (caller disposes). */
  step(x: Tensor, y: Tensor): Tensor;
  /** Mean cross-entropy of the batch, no update (inside the caller's tidy). */
  loss(x: Tensor, y: Tensor): Tensor;
  dispose(): void;
}

/** Build the plain-tfjs GPT of `cfg` with `tf.train.adam(lr)`; weights from tfjs's seeded randomNormal. */
export function createPlainGpt(tf: Tf, cfg: GptConfig = W6, seed = 0, lr = 1e-3): PlainGpt {
  const { vocab: V, dModel: C, nHead: H, nLayer: L, dFf: F, context: Tmax } = cfg;
  let s = seed;
  const w = (shape: number[]) => tf.variable(tf.randomNormal(shape, 0, 0.02, 'float32', s++));
  const zeros = (shape: number[]) => tf.variable(tf.zeros(shape));
  const ones = (shape: number[]) => tf.variable(tf.ones(shape));
  const wte = w([V, C]);
  const wpe = w([Tmax, C]);
  const blocks = Array.from({ length: L }, () => ({
    ln1g: ones([C]), ln1b: zeros([C]),
    wqkv: w([C, 3 * C]), bqkv: zeros([3 * C]),
    wo: w([C, C]), bo: zeros([C]),
    ln2g: ones([C]), ln2b: zeros([C]),
    w1: w([C, F]), b1: zeros([F]),
    w2: w([F, C]), b2: zeros([C]),
  }));
  const lnfg = ones([C]), lnfb = zeros([C]);
  const wh = w([C, V]), bh = zeros([V]);
  const params: Variable[] = [wte, wpe, ...blocks.flatMap((b) => Object.values(b)), lnfg, lnfb, wh, bh];
  // causal mask: 0 on and below the diagonal, -1e9 above
  const mask = tf.tidy(() => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([Tmax, Tmax]), -1, 0)), -1e9));
  const opt = tf.train.adam(lr);

  const layerNorm = (x: Tensor, g: Tensor, b: Tensor) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-5))), g), b);
  };
  const dense = (x: Tensor, W: Tensor, b: Tensor) => {
    const [B, T, D] = x.shape as [number, number, number];
    return tf.add(tf.matMul(tf.reshape(x, [B * T, D]), W), b).reshape([B, T, W.shape[1]!]);
  };
  const gelu = (x: Tensor) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.div(x, Math.SQRT2))));

  const loss = (x: Tensor, y: Tensor): Tensor => {
    const [B, T] = x.shape as [number, number];
    const hs = C / H;
    let h = tf.add(tf.gather(wte, x), tf.slice(wpe, [0, 0], [T, C])); // (B, T, C)
    const m = tf.slice(mask, [0, 0], [T, T]);
    for (const blk of blocks) {
      const qkv = dense(layerNorm(h, blk.ln1g, blk.ln1b), blk.wqkv, blk.bqkv); // (B, T, 3C)
      const [q, k, v] = tf.split(qkv, 3, 2).map((t) => tf.transpose(tf.reshape(t, [B, T, H, hs]), [0, 2, 1, 3])); // (B, H, T, hs)
      const att = tf.softmax(tf.add(tf.mul(tf.matMul(q!, k!, false, true), 1 / Math.sqrt(hs)), m)); // (B, H, T, T)
      const o = tf.reshape(tf.transpose(tf.matMul(att, v!), [0, 2, 1, 3]), [B, T, C]); // (B, T, C)
      h = tf.add(h, dense(o, blk.wo, blk.bo));
      h = tf.add(h, dense(gelu(dense(layerNorm(h, blk.ln2g, blk.ln2b), blk.w1, blk.b1)), blk.w2, blk.b2));
    }
    const logits = dense(layerNorm(h, lnfg, lnfb), wh, bh); // (B, T, V)
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.reshape(y, [-1]), V), tf.reshape(logits, [-1, V]));
  };

  return {
    params,
    loss,
    step(x, y) {
      return opt.minimize(() => loss(x, y).asScalar(), true, params)!; // variableGrads + applyGradients, grads disposed
    },
    dispose() {
      for (const p of params) p.dispose();
      mask.dispose();
      opt.dispose();
    },
  };
}

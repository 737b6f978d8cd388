/**
 * One training run of the `mini-transformer` experiment: a {@link TfGpt} trained on seeded
 * Moby-Dick windows with {@link TfAdam} (flat layout off wasm), warm-up + cosine learning rate
 * and global-norm clipping; per-layer gradient norms
 * $\lVert g_\ell \rVert_2 = \sqrt{\sum_{\theta \in \ell} \lVert \partial\mathcal L/\partial\theta \rVert_2^2}$
 * (pre-clip) every `gradEvery` steps; validation loss on the fixed windows; attention entropy
 * $H = -\sum_j a_{ij} \log a_{ij}$ per head, averaged over query rows. $O(\text{steps}\cdot BT\cdot P)$.
 *
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
import type { Tf } from '@fpml/core/tf';
import { TfGpt } from '../attention/gpt.js';
import type { GptConfig } from '../attention/gpt-config.js';
import { BatchSampler, type LmBatch } from '../lm/data.js';
import { evaluateLm, type LmScore, type NextTokenModel } from '../lm/evaluate.js';
import type { TfTensor, Variable } from '../nn/tf-module.js';
import { lrAt, warmupCosineLr } from '../train/schedules.js';
import { TfAdam } from '../train/tf-adam.js';

/**
 * Training options of one run ({@link trainRun}).
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export interface RunOptions {
  steps: number;
  batchSize: number;
  lr: number;
  warmupSteps: number;
  clip: number;
  gradEvery: number;
  /** Seed of the batch order (the model's init seed is `config.seed`). */
  dataSeed: number;
  /** Called after every logged step. */
  onLog?: (rec: { step: number; loss: number; lr: number; totalNorm: number; layerNorms: Record<string, number> }) => void;
}

/**
 * What {@link trainRun} returns. The model is returned alive; the caller disposes it.
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export interface RunResult {
  model: TfGpt;
  val: LmScore;
  finalTrainLoss: number;
  trainSeconds: number;
  tokensPerSecond: number;
  /** The loss became non-finite and training stopped (val is NaN). */
  diverged: boolean;
  /** Per logged step: step and the pre-clip norm of each layer group. */
  gradCurve: { step: number; norms: Record<string, number> }[];
  params: number;
}

/**
 * The layer group $\ell$ of a parameter name, over which {@link trainRun} sums $\lVert g_\ell\rVert_2^2$:
 * `embeddings` (wte, wpe), `block l`, or `head` (ln_f, lm_head). $O(1)$.
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export function layerGroup(name: string): string {
  const m = /^blocks\.(\d+)\./.exec(name);
  if (m) return `block ${m[1]}`;
  return /^(wte|wpe)\./.test(name) ? 'embeddings' : 'head';
}

/**
 * `model` as a {@link NextTokenModel}: `logits(x, B, T)` (B, T) ids → (B, T, V) float32 logits
 * $z = \text{TfGpt}(x)$ read back per call (eval mode is the caller's). One forward, $O(BT\cdot P)$.
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export function asNextToken(tf: Tf, model: TfGpt): NextTokenModel {
  return {
    vocabSize: model.config.vocabSize,
    maxContext: model.config.contextLength,
    logits: (x, B, T) => tf.tidy(() => model.forward(tf.tensor2d(x, [B, T], 'int32')).dataSync() as Float32Array), // (B, T, V)
  };
}

/**
 * Train a fresh model with `config` on `train` (minimising the mean next-token cross-entropy
 * $\mathcal L$ with Adam, $\eta_t$ warm-up + cosine, clip at `clip`), then score it on `evalData`
 * with {@link evaluateLm}. $O(\text{steps}\cdot BT\cdot P + WT\cdot P)$ for $P$ parameters.
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export function trainRun(tf: Tf, config: GptConfig, train: Int32Array, evalData: LmBatch, o: RunOptions): RunResult {
  const model = new TfGpt(tf, config);
  const T = model.config.contextLength, B = o.batchSize;
  const opt = new TfAdam(tf, model, { lr: o.lr });
  const named = model.namedParameters();
  const groupOf = new Map(named.map(([k, v]) => [v.name, layerGroup(k)]));
  const groups = [...new Set(named.map(([k]) => layerGroup(k)))];
  const sampler = new BatchSampler(train, { batchSize: B, context: T, rng: o.dataSeed });
  const schedule = warmupCosineLr({ lr: o.lr, warmupSteps: o.warmupSteps, decaySteps: Math.max(o.steps, o.warmupSteps + 1) });
  const gradCurve: RunResult['gradCurve'] = [];
  let last = NaN;
  model.train();
  const t0 = performance.now();
  for (let step = 0; step < o.steps; step++) {
    const batch = sampler.next();
    const logNow = step % o.gradEvery === 0 || step === o.steps - 1;
    opt.lr = lrAt(schedule, step);
    const x = tf.tensor2d(batch.x, [B, T], 'int32'), y = tf.tensor2d(batch.y, [B, T], 'int32'); // (B, T)
    let layerNorms: Record<string, number> = {};
    let total = 0;
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => model.loss(x, y) as never, opt.params as Variable[]);
      if (logNow) {
        const sq = groups.map((g) => tf.addN(Object.entries(grads).filter(([n]) => groupOf.get(n) === g).map(([, t]) => tf.sum(tf.square(t as TfTensor))))); // Σ‖∂L/∂θ‖² per group
        const v = tf.sqrt(tf.stack(sq)).dataSync(); // (groups,)
        layerNorms = Object.fromEntries(groups.map((g, i) => [g, v[i]!]));
      }
      total = opt.step(grads, { maxGradNorm: o.clip }) ?? NaN; // pre-clip global norm
      last = value.dataSync()[0]!;
    });
    x.dispose(); y.dispose();
    if (!Number.isFinite(last)) break; // diverged (e.g. no normalisation at a high lr): scored as it stands
    if (logNow) {
      gradCurve.push({ step, norms: layerNorms });
      o.onLog?.({ step, loss: last, lr: opt.lr, totalNorm: total, layerNorms });
    }
  }
  const trainSeconds = (performance.now() - t0) / 1000;
  opt.dispose();
  model.eval();
  const diverged = !Number.isFinite(last);
  const val: LmScore = diverged ? { loss: NaN, perplexity: NaN, bitsPerChar: NaN, tokens: 0 } : evaluateLm(asNextToken(tf, model), evalData, { batchSize: 64 });
  return { model, val, diverged, finalTrainLoss: last, trainSeconds, tokensPerSecond: (o.steps * B * T) / trainSeconds, gradCurve, params: model.numParameters };
}

/**
 * Attention of `model` on windows `x` (W, T): per layer the mean entropy of each head (nats,
 * mean over windows and query positions, $H_h = \frac{1}{WT}\sum_{w,i} -\sum_j a^{(h)}_{wij}\log a^{(h)}_{wij}$)
 * and the weights of window 0, (h, T, T) row-major. One forward, $O(WT\cdot P + W h T^2)$.
 * @see ../../../../docs/level3-deep/mini-transformer.md
 */
export function attentionStats(tf: Tf, model: TfGpt, x: Int32Array, W: number, T: number): { entropy: number[][]; weights: Float32Array[] } {
  return tf.tidy(() => {
    const acts = model.forwardWithActivations(tf.tensor2d(x, [W, T], 'int32'));
    const entropy: number[][] = [], weights: Float32Array[] = [];
    for (const a of acts.attention) { // (W, h, T, T)
      const h = tf.neg(tf.sum(tf.mul(a, tf.log(tf.maximum(a, 1e-30))), -1)); // (W, h, T): −Σ_j a log a (0 log 0 = 0)
      entropy.push(Array.from(tf.mean(h, [0, 2]).dataSync())); // (h,)
      weights.push(a.slice([0, 0, 0, 0], [1, -1, -1, -1]).dataSync() as Float32Array); // (1, h, T, T)
    }
    return { entropy, weights };
  });
}

/**
 * The models and the training loop of experiment `cnn`, on the tfjs twins (float32, the backend
 * `ctx.tf()` chose). Images are NHWC, $(N, H, W, 1)$, so no layer transposes.
 *
 * - {@link TfSmallCnn}: conv(k, $c_1$, padding $\lfloor k/2\rfloor$) → ReLU → maxpool 2 → conv(k, $c_2$) → ReLU → maxpool 2 → linear,
 *   $$\text{logits} = W\,\mathrm{vec}\big(P(\mathrm{relu}(K_2 * P(\mathrm{relu}(K_1 * x + b_1))) + b_2)\big) + b,$$
 *   with $P$ the 2×2 max pool. Parameters $c_1(k^2+1) + c_2(c_1k^2+1) + 10(c_2 HW/16 + 1)$.
 *   Forward cost per image $O(HW k^2 (c_1 + c_2 c_1/4))$ multiply-adds.
 * - {@link TfMlp}: linear → ReLU → linear on the flattened image (the baseline: no weight
 *   sharing, no locality), $10(H + 1) + H(d + 1)$ parameters for $H$ hidden units;
 *   {@link mlpWidthFor} picks $H$ to match a parameter budget.
 * - {@link trainClassifier}: minibatch Adam ({@link TfAdam}, PyTorch's update) on the mean
 *   softmax cross-entropy $L = -\frac1B\sum_i \log \mathrm{softmax}(z_i)_{y_i}$, reshuffled each
 *   epoch from a seeded {@link Rng}; one `tf.tidy` per step, nothing left behind.
 *
 * @see ../../../../docs/level3-deep/experiments.md
 */
import { InvalidParamError, type Rng } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { TfModule, type TfTensor } from '../nn/tf-module.js';
import { TfConv2d } from '../layers/conv2d.js';
import { TfLinear } from '../layers/linear.js';
import { TfMaxPool2d } from '../layers/pool.js';
import { TfAdam } from '../train/tf-adam.js';

/** Shape of a {@link TfSmallCnn}. */
export interface SmallCnnConfig {
  /** Image side H = W (a multiple of 4). */
  size: number;
  /** Output channels of the two convolutions. */
  channels: readonly [number, number];
  /** Odd kernel side k ('same' padding ⌊k/2⌋). */
  kernel: number;
  /** Classes. */
  classes: number;
}

/** Intermediate activations of a {@link TfSmallCnn} for a batch. */
export interface CnnFeatures {
  /** relu(conv1(x)), (N, H, W, c1) */
  conv1: TfTensor;
  /** relu(conv2(pool(·))), (N, H/2, W/2, c2) */
  conv2: TfTensor;
}

/** Parameters of a {@link TfSmallCnn}: $c_1(k^2 + 1) + c_2(c_1k^2 + 1) + K(c_2 HW/16 + 1)$. */
export function cnnParams(c: SmallCnnConfig): number {
  const [c1, c2] = c.channels, k2 = c.kernel ** 2;
  return c1 * (k2 + 1) + c2 * (c1 * k2 + 1) + c.classes * (c2 * (c.size / 4) ** 2 + 1);
}

/**
 * The convnet of experiment `cnn`: (N, H, W, 1) → logits (N, K), the equation in the file header.
 * $O(N\,HW k^2 (c_1 + c_1c_2/4))$ multiply-adds forward. Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/experiments.md
 */
export class TfSmallCnn extends TfModule {
  readonly conv1: TfConv2d;
  readonly pool1: TfMaxPool2d;
  readonly conv2: TfConv2d;
  readonly pool2: TfMaxPool2d;
  readonly fc: TfLinear;

  constructor(tf: Tf, readonly config: SmallCnnConfig, rng: Rng) {
    super(tf);
    const { size, channels: [c1, c2], kernel: k, classes } = config;
    if (!Number.isInteger(size) || size < 4 || size % 4 !== 0) throw new InvalidParamError('TfSmallCnn', 'size', size, 'a positive multiple of 4');
    if (!Number.isInteger(k) || k < 1 || k % 2 === 0) throw new InvalidParamError('TfSmallCnn', 'kernel', k, 'an odd integer ≥ 1');
    const pad = (k - 1) / 2;
    this.conv1 = this.registerModule('conv1', new TfConv2d(tf, 1, c1, k, { padding: pad, rng, dataFormat: 'NHWC' }));
    this.pool1 = this.registerModule('pool1', new TfMaxPool2d(tf, 2, { dataFormat: 'NHWC' }));
    this.conv2 = this.registerModule('conv2', new TfConv2d(tf, c1, c2, k, { padding: pad, rng, dataFormat: 'NHWC' }));
    this.pool2 = this.registerModule('pool2', new TfMaxPool2d(tf, 2, { dataFormat: 'NHWC' }));
    this.fc = this.registerModule('fc', new TfLinear(tf, c2 * (size / 4) ** 2, classes, { rng }));
  }

  /** The two post-ReLU feature maps. @param x (N, H, W, 1) */
  features(x: TfTensor): CnnFeatures {
    const tf = this.tf;
    const conv1 = tf.relu(this.conv1.forward(x)); // (N, H, W, c1)
    const conv2 = tf.relu(this.conv2.forward(this.pool1.forward(conv1))); // (N, H/2, W/2, c2)
    return { conv1, conv2 };
  }

  /** @param x (N, H, W, 1) @returns logits (N, classes) */
  forward(x: TfTensor): TfTensor {
    const p2 = this.pool2.forward(this.features(x).conv2); // (N, H/4, W/4, c2)
    return this.fc.forward(p2.reshape([p2.shape[0]!, -1])); // (N, c2 H W / 16) → (N, classes), flattened in (h, w, c) order
  }
}

/**
 * The MLP baseline, $z = W_2\,\mathrm{relu}(W_1\mathrm{vec}(x) + b_1) + b_2$ (hidden 0: $z = W_1\mathrm{vec}(x) + b_1$,
 * softmax regression). (N, H, W, 1) or (N, d) → (N, K); $O(N(dH + HK))$. Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/experiments.md
 */
export class TfMlp extends TfModule {
  readonly fc1: TfLinear;
  readonly fc2: TfLinear | null;

  constructor(tf: Tf, readonly inputDim: number, readonly hidden: number, classes: number, rng: Rng) {
    super(tf);
    if (!Number.isInteger(hidden) || hidden < 0) throw new InvalidParamError('TfMlp', 'hidden', hidden, 'an integer ≥ 0');
    this.fc1 = this.registerModule('fc1', new TfLinear(tf, inputDim, hidden || classes, { rng }));
    this.fc2 = hidden ? this.registerModule('fc2', new TfLinear(tf, hidden, classes, { rng })) : null;
  }

  /** @param x (N, H, W, 1) or (N, d) @returns logits (N, classes) */
  forward(x: TfTensor): TfTensor {
    const h = this.fc1.forward(x.reshape([x.shape[0]!, this.inputDim])); // (N, H) or (N, classes)
    return this.fc2 ? this.fc2.forward(this.tf.relu(h)) : h; // (N, classes)
  }
}

/** Parameters of a one-hidden-layer MLP d → H → K: $H(d + 1) + K(H + 1)$. */
export const mlpParams = (d: number, H: number, K: number): number => H * (d + 1) + K * (H + 1);

/** The hidden width $H = \mathrm{round}((\text{budget} - K)/(d + 1 + K))$ whose {@link mlpParams} is closest to `budget`. $O(1)$. */
export function mlpWidthFor(budget: number, d: number, K: number): number {
  return Math.max(1, Math.round((budget - K) / (d + 1 + K)));
}

/** A labelled image set on the device: X (N, H, W, 1) float32 in [0, 1], y (N,) int32. */
export interface TfImageSet {
  X: TfTensor;
  y: TfTensor;
  n: number;
}

/** Options of {@link trainClassifier}. */
export interface TrainClassifierOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** Shuffles the batches. */
  rng: Rng;
  /** After each epoch: mean training loss over its batches, and seconds so far. */
  onEpoch?: (epoch: number, meanLoss: number, seconds: number) => void;
}

/** Mean softmax cross-entropy of logits (B, K) against int32 labels (B,). */
function crossEntropy(tf: Tf, logits: TfTensor, y: TfTensor): TfTensor {
  const K = logits.shape[1]!;
  const logp = tf.logSoftmax(logits as ReturnType<Tf['tensor2d']>); // (B, K) = z − logsumexp(z)
  return tf.neg(tf.mean(tf.sum(tf.mul(tf.oneHot(y as ReturnType<Tf['tensor1d']>, K), logp), 1))); // −(1/B) Σᵢ log p_{i,yᵢ}
}

/**
 * Train `model` in place by minibatch Adam. $O(\text{epochs}\cdot N)$ forward + backward passes.
 * @returns mean training loss of each epoch and the wall time in seconds
 * @throws InvalidParamError when the loss stops being finite (lr too large)
 * @see ../../../../docs/level3-deep/experiments.md
 */
export function trainClassifier(tf: Tf, model: TfModule, data: TfImageSet, o: TrainClassifierOptions): { losses: number[]; seconds: number } {
  const opt = new TfAdam(tf, model, { lr: o.lr });
  const vars = [...opt.params];
  const losses: number[] = [];
  const t0 = performance.now();
  try {
    for (let e = 0; e < o.epochs; e++) {
      const perm = o.rng.permutation(data.n);
      let sum = 0, batches = 0;
      for (let s = 0; s < data.n; s += o.batchSize) {
        const loss = tf.tidy(() => {
          const idx = tf.tensor1d(perm.subarray(s, Math.min(s + o.batchSize, data.n)), 'int32'); // (B,)
          const xb = tf.gather(data.X, idx), yb = tf.gather(data.y, idx); // (B, H, W, 1), (B,)
          const { value, grads } = tf.variableGrads(() => crossEntropy(tf, model.forward(xb), yb) as ReturnType<Tf['scalar']>, vars);
          opt.step(grads);
          return value.dataSync()[0]!;
        });
        if (!Number.isFinite(loss)) throw new InvalidParamError('trainClassifier', 'lr', o.lr, `small enough for a finite loss (the loss became ${loss} at epoch ${e})`);
        sum += loss;
        batches++;
      }
      losses.push(sum / batches);
      o.onEpoch?.(e, sum / batches, (performance.now() - t0) / 1000);
    }
  } finally {
    opt.dispose();
  }
  return { losses, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Predicted classes $\hat y_i = \arg\max_k z_{ik}$ of `model` on `X`, in chunks of `chunk` rows
 * (one forward pass over N rows). @param X (N, ...) @returns (N,)
 * @see ../../../../docs/level3-deep/experiments.md
 */
export function predictClasses(tf: Tf, model: TfModule, X: TfTensor, chunk = 500): Int32Array {
  const n = X.shape[0]!;
  const out = new Int32Array(n);
  for (let s = 0; s < n; s += chunk) {
    const m = Math.min(chunk, n - s);
    const pred = tf.tidy(() => tf.argMax(model.forward(tf.slice(X, s, m)), 1).dataSync() as Int32Array); // (m,)
    out.set(pred, s);
  }
  return out;
}

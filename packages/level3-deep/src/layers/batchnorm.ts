/**
 * `BatchNorm1d` / `BatchNorm2d` (float64 references) and `TfBatchNorm1d` / `TfBatchNorm2d` (tfjs
 * twins): PyTorch's batch normalisation over channel axis 1 of $(N, C)$, $(N, C, L)$ or
 * $(N, C, H, W)$. With the statistics of channel $c$ over its $m = N \cdot L$ (or $N H W$) values,
 * $$\mu_c = \frac1m \sum x,\quad \sigma^2_c = \frac1m \sum (x - \mu_c)^2,\quad
 *   y = \gamma_c \frac{x - \mu_c}{\sqrt{\sigma^2_c + \varepsilon}} + \beta_c .$$
 * **Train mode** normalises with the batch's $\mu, \sigma^2$ (biased) and updates the buffers
 * $r_\mu \leftarrow (1-f) r_\mu + f \mu$, $r_{\sigma^2} \leftarrow (1-f) r_{\sigma^2} + f \frac{m}{m-1}\sigma^2$
 * (unbiased), with $f$ = `momentum`, or $f = 1/t$ after $t$ batches when `momentum` is `null`
 * (a cumulative average); `num_batches_tracked` counts $t$. **Eval mode** normalises with
 * $r_\mu, r_{\sigma^2}$ instead (a fixed affine map). Without running statistics
 * (`trackRunningStats: false`) both modes use the batch's.
 * State dict: `weight` $\gamma$ $(C)$, `bias` $\beta$ $(C)$ (if `affine`), `running_mean`,
 * `running_var` $(C)$, `num_batches_tracked` $()$ (if `trackRunningStats`); init 1, 0, 0, 1, 0.
 *
 * Backward (train mode; level1's autodiff through the mean and variance):
 * $\bar\beta = \sum \bar y$, $\bar\gamma = \sum \bar y \hat x$,
 * $\bar x = \frac{\gamma}{\sigma}\left(\bar y - \overline{\bar y} - \hat x\, \overline{\bar y \hat x}\right)$
 * (bars over products: channel means). $O(N C L)$ forward and backward.
 *
 * @see ../../../../docs/level3-deep/conv.md
 */
import { InvalidInputError, ShapeError, describeValue } from '@fpml/core';
import type { Tf } from '@fpml/core/tf';
import { Tensor, tensor } from '@fpml/level1-math';
import { Module } from '../nn/module.js';
import { checkBool, checkNumberIn, checkPositiveInt } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { checkDataFormat, type DataFormat } from './im2col.js';

/** Options of the BatchNorm layers. */
export interface BatchNormOptions {
  /** Added to the variance, $\varepsilon > 0$. @default 1e-5 */
  eps?: number;
  /** Weight $f \in [0, 1]$ of the new batch in the running statistics; `null` for a cumulative average. @default 0.1 */
  momentum?: number | null;
  /** Learn $\gamma$ and $\beta$. @default true */
  affine?: boolean;
  /** Keep running statistics (and use them in eval mode). @default true */
  trackRunningStats?: boolean;
}

/** Options of {@link TfBatchNorm2d}: those of the reference plus the tensor layout. */
export interface TfBatchNorm2dOptions extends BatchNormOptions {
  /** `'NHWC'` normalises over the last axis (no transposes). @default 'NCHW' */
  dataFormat?: DataFormat;
}

interface BnConfig {
  eps: number;
  momentum: number | null;
  affine: boolean;
  trackRunningStats: boolean;
}

function bnConfig(owner: string, numFeatures: number, o: BatchNormOptions | undefined): BnConfig {
  checkPositiveInt(owner, 'numFeatures', numFeatures);
  const eps = checkNumberIn(owner, 'eps', o?.eps ?? 1e-5, 0, Infinity, true, true);
  const momentum = o?.momentum === null ? null : checkNumberIn(owner, 'momentum', o?.momentum ?? 0.1, 0, 1);
  return { eps, momentum, affine: checkBool(owner, 'affine', o?.affine ?? true), trackRunningStats: checkBool(owner, 'trackRunningStats', o?.trackRunningStats ?? true) };
}

/**
 * Check the rank and the channel count; return the channel axis, the reduced axes and $m$.
 * @throws ShapeError naming `owner.forward` and `x`.
 */
function bnAxes(owner: string, shape: readonly number[], ranks: readonly number[], C: number, channelAxis: number) {
  if (!ranks.includes(shape.length)) throw new ShapeError(`${owner}.forward: x must have rank ${ranks.join(' or ')} (${ranks.length > 1 ? '(N, C) or (N, C, L)' : '(N, C, H, W)'}), got shape [${shape.join(', ')}]`);
  if (shape[channelAxis] !== C) throw new ShapeError(`${owner}.forward: x must have ${C} features on axis ${channelAxis}, got shape [${shape.join(', ')}]`);
  const axes = shape.map((_, k) => k).filter((k) => k !== channelAxis);
  const m = axes.reduce((p, k) => p * shape[k]!, 1);
  return { axes, m, bshape: shape.map((d, k) => (k === channelAxis ? d : 1)) };
}

/** PyTorch's refusal: batch statistics of one value per channel have no variance. */
function checkBatch(owner: string, m: number, shape: readonly number[]): void {
  if (m <= 1) throw new InvalidInputError(`${owner}.forward: expected more than 1 value per channel for batch statistics, got x of shape [${shape.join(', ')}] (m = ${m})`);
}

/** Shared body of the reference BatchNorm layers. */
abstract class BatchNormRef extends Module {
  readonly weight: Tensor | null = null; // (C,)
  readonly bias: Tensor | null = null; // (C,)
  readonly runningMean: Tensor | null = null; // (C,)
  readonly runningVar: Tensor | null = null; // (C,)
  readonly numBatchesTracked: Tensor | null = null; // ()
  readonly config: Readonly<BnConfig>;

  constructor(readonly numFeatures: number, options: BatchNormOptions | undefined, protected readonly ranks: readonly number[]) {
    super();
    this.config = bnConfig(new.target.name, numFeatures, options);
    const C = numFeatures;
    if (this.config.affine) {
      this.weight = this.registerParameter('weight', tensor(new Float64Array(C).fill(1), [C]));
      this.bias = this.registerParameter('bias', tensor(new Float64Array(C), [C]));
    }
    if (this.config.trackRunningStats) {
      this.runningMean = this.registerBuffer('running_mean', tensor(new Float64Array(C), [C]));
      this.runningVar = this.registerBuffer('running_var', tensor(new Float64Array(C).fill(1), [C]));
      this.numBatchesTracked = this.registerBuffer('num_batches_tracked', tensor(new Float64Array(1), []));
    }
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`${this.name}.forward: x must be a Tensor, got ${describeValue(x)}`);
    const { axes, m, bshape } = bnAxes(this.name, x.shape, this.ranks, this.numFeatures, 1);
    const { eps, momentum } = this.config;
    let xhat: Tensor;
    if (this.training || !this.runningMean) {
      checkBatch(this.name, m, x.shape);
      const mean = x.mean(axes, true); // (1, C, 1, ...)
      const xc = x.sub(mean); // (N, C, ...)
      const variance = xc.square().mean(axes, true); // (1, C, 1, ...), biased
      xhat = xc.div(variance.add(eps).sqrt()); // (N, C, ...)
      if (this.training && this.runningMean) {
        const t = (this.numBatchesTracked!.data[0]! += 1);
        const f = momentum ?? 1 / t;
        const rm = this.runningMean.data; // (C,), updated in place (a buffer: no gradient)
        const rv = this.runningVar!.data;
        for (let c = 0; c < this.numFeatures; c++) {
          rm[c] = (1 - f) * rm[c]! + f * mean.data[c]!;
          rv[c] = (1 - f) * rv[c]! + f * variance.data[c]! * (m / (m - 1)); // unbiased
        }
      }
    } else {
      const rm = this.runningMean.reshape(bshape); // (1, C, 1, ...), a constant
      const rv = this.runningVar!.reshape(bshape);
      xhat = x.sub(rm).div(rv.add(eps).sqrt()); // (N, C, ...)
    }
    return this.weight ? xhat.mul(this.weight.reshape(bshape)).add(this.bias!.reshape(bshape)) : xhat; // (N, C, ...)
  }
}

/**
 * Batch normalisation of $(N, C)$ or $(N, C, L)$ over all axes but 1, float64 reference.
 * `forward(x)` keeps the shape.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class BatchNorm1d extends BatchNormRef {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, [2, 3]);
  }
}

/**
 * Batch normalisation of $(N, C, H, W)$ per channel, float64 reference. `forward(x)` keeps the shape.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class BatchNorm2d extends BatchNormRef {
  constructor(numFeatures: number, options: BatchNormOptions = {}) {
    super(numFeatures, options, [4]);
  }
}

/** Shared body of the twins: the same computation in tf ops; buffers are non-trainable variables. */
abstract class BatchNormTf extends TfModule {
  readonly weight: Variable | null = null;
  readonly bias: Variable | null = null;
  readonly runningMean: Variable | null = null;
  readonly runningVar: Variable | null = null;
  /** Stored as float32: exact up to $2^{24}$ batches. */
  readonly numBatchesTracked: Variable | null = null;
  readonly config: Readonly<BnConfig>;

  constructor(tf: Tf, readonly numFeatures: number, options: BatchNormOptions | undefined, protected readonly ranks: readonly number[], protected readonly channelsLast: boolean) {
    super(tf);
    this.config = bnConfig(new.target.name, numFeatures, options);
    const C = numFeatures;
    const e = (v: number, shape = [C]) => ({ shape, data: new Float64Array(shape.length ? C : 1).fill(v) });
    if (this.config.affine) {
      this.weight = this.registerParameter('weight', e(1));
      this.bias = this.registerParameter('bias', e(0));
    }
    if (this.config.trackRunningStats) {
      this.runningMean = this.registerBuffer('running_mean', e(0));
      this.runningVar = this.registerBuffer('running_var', e(1));
      this.numBatchesTracked = this.registerBuffer('num_batches_tracked', e(0, []));
    }
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`${this.name}.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const { axes, m, bshape } = bnAxes(this.name, x.shape, this.ranks, this.numFeatures, this.channelsLast ? x.shape.length - 1 : 1);
    const { eps, momentum } = this.config;
    const C = this.numFeatures;
    let xhat: TfTensor;
    if (this.training || !this.runningMean) {
      checkBatch(this.name, m, x.shape);
      const mean = tf.mean(x, axes, true); // (1, C, 1, ...)
      const xc = tf.sub(x, mean); // (N, C, ...)
      const variance = tf.mean(tf.square(xc), axes, true); // (1, C, 1, ...), biased
      xhat = tf.mul(xc, tf.rsqrt(tf.add(variance, eps))); // (N, C, ...)
      if (this.training && this.runningMean) {
        const t = tf.add(this.numBatchesTracked!, 1); // ()
        const f = momentum === null ? tf.div(1, t) : tf.scalar(momentum); // ()
        const g = tf.sub(1, f);
        this.numBatchesTracked!.assign(t);
        this.runningMean.assign(tf.add(tf.mul(g, this.runningMean), tf.mul(f, mean.reshape([C]))));
        this.runningVar!.assign(tf.add(tf.mul(g, this.runningVar!), tf.mul(f, tf.mul(variance.reshape([C]), m / (m - 1))))); // unbiased
      }
    } else {
      const scale = tf.rsqrt(tf.add(this.runningVar!, eps)).reshape(bshape); // (1, C, 1, ...)
      xhat = tf.mul(tf.sub(x, this.runningMean.reshape(bshape)), scale); // (N, C, ...)
    }
    return this.weight ? tf.add(tf.mul(xhat, this.weight.reshape(bshape)), this.bias!.reshape(bshape)) : xhat; // (N, C, ...)
  }
}

/**
 * tfjs twin of {@link BatchNorm1d} (same options, names and state). Call inside `tf.tidy`; in
 * train mode the forward pass also assigns the running-statistics variables.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class TfBatchNorm1d extends BatchNormTf {
  constructor(tf: Tf, numFeatures: number, options: BatchNormOptions = {}) {
    super(tf, numFeatures, options, [2, 3], false);
  }
}

/**
 * tfjs twin of {@link BatchNorm2d}, NCHW (or NHWC with `dataFormat`). Call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/conv.md
 */
export class TfBatchNorm2d extends BatchNormTf {
  readonly dataFormat: DataFormat;

  constructor(tf: Tf, numFeatures: number, options: TfBatchNorm2dOptions = {}) {
    const dataFormat = checkDataFormat('TfBatchNorm2d', options?.dataFormat ?? 'NCHW');
    super(tf, numFeatures, options, [4], dataFormat === 'NHWC');
    this.dataFormat = dataFormat;
  }
}


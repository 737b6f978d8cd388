/**
 * `LayerNorm` (float64 reference) and `TfLayerNorm` (tfjs twin): PyTorch's `nn.LayerNorm`,
 * normalising over the trailing axes $S$ = `normalizedShape` (size $m$) of every sample:
 * $$\mu = \tfrac1m\sum_{j\in S} x_j,\quad \sigma^2 = \tfrac1m\sum_{j\in S}(x_j-\mu)^2,\quad
 *   \hat x = \frac{x-\mu}{\sqrt{\sigma^2+\epsilon}},\quad y = \gamma\odot\hat x + \beta$$
 * (biased variance, as PyTorch). State dict: `weight` $\gamma$ and `bias` $\beta$ of shape
 * `normalizedShape`, initialised to 1 and 0; none with `elementwiseAffine: false`.
 *
 * Backward (level1's ops compose it; the closed form is derived in the docs):
 * $\bar{\hat x} = \gamma\odot\bar y$,
 * $\bar x = \frac{1}{\sqrt{\sigma^2+\epsilon}}\bigl(\bar{\hat x} - \overline{\bar{\hat x}} - \hat x\,\overline{\bar{\hat x}\odot\hat x}\bigr)$
 * (overlines: means over $S$), $\bar\gamma = \sum_\text{samples}\bar y\odot\hat x$, $\bar\beta = \sum_\text{samples}\bar y$.
 * Cost $O(n\,m)$ for $n$ samples, forward and backward.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { InvalidParamError, ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { onesInit, zerosInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkBool, checkNumberIn } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';

/** Options of {@link LayerNorm} and {@link TfLayerNorm}. */
export interface LayerNormOptions {
  /** Added to the variance before the square root. @default 1e-5 */
  eps?: number;
  /** Learn a per-element scale $\gamma$ and shift $\beta$. @default true */
  elementwiseAffine?: boolean;
}

/**
 * `normalizedShape` as an array of positive integers (a number `d` means `[d]`).
 * @throws InvalidParamError naming `owner` otherwise.
 */
export function checkNormalizedShape(owner: string, normalizedShape: unknown): number[] {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isSafeInteger(d) && d >= 1)) {
    throw new InvalidParamError(owner, 'normalizedShape', normalizedShape, 'a positive integer or a non-empty array of positive integers');
  }
  return shape.slice();
}

/**
 * Check that `shape` ends with `normalizedShape`; returns the reduced axes (the last $k$).
 * @throws ShapeError naming the layer.
 */
export function trailingAxes(owner: string, shape: readonly number[], normalizedShape: readonly number[]): number[] {
  const k = normalizedShape.length;
  const tail = shape.slice(shape.length - k);
  if (shape.length < k || tail.some((d, i) => d !== normalizedShape[i])) {
    throw new ShapeError(`${owner}.forward: x must end with normalizedShape [${normalizedShape.join(', ')}], got shape [${shape.join(', ')}]`);
  }
  return Array.from({ length: k }, (_, i) => shape.length - k + i);
}

function parseOptions(owner: string, normalizedShape: unknown, options: LayerNormOptions | undefined) {
  const shape = checkNormalizedShape(owner, normalizedShape);
  const eps = checkNumberIn(owner, 'eps', options?.eps ?? 1e-5, 0, Infinity, true);
  const affine = checkBool(owner, 'elementwiseAffine', options?.elementwiseAffine ?? true);
  return { shape, eps, affine };
}

/**
 * Layer normalisation over the trailing `normalizedShape` axes, float64 reference.
 * `forward(x)`: $(\dots, *S) \to (\dots, *S)$.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Tensor | null; // (*S)
  readonly bias: Tensor | null; // (*S)

  constructor(normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super();
    const o = parseOptions('LayerNorm', normalizedShape, options);
    this.normalizedShape = o.shape;
    this.eps = o.eps;
    const w = onesInit(o.shape);
    const b = zerosInit(o.shape);
    this.weight = o.affine ? this.registerParameter('weight', tensor(w.data, w.shape)) : null;
    this.bias = o.affine ? this.registerParameter('bias', tensor(b.data, b.shape)) : null;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`LayerNorm.forward: x must be a Tensor, got ${describeValue(x)}`);
    const axes = trailingAxes('LayerNorm', x.shape, this.normalizedShape);
    const mu = x.mean(axes, true); // (..., 1...) sample means
    const xc = x.sub(mu); // (..., *S) centred
    const variance = xc.square().mean(axes, true); // (..., 1...) biased variance
    const xhat = xc.div(variance.add(this.eps).sqrt()); // (..., *S)
    return this.weight && this.bias ? xhat.mul(this.weight).add(this.bias) : xhat; // (..., *S)
  }
}

/**
 * tfjs twin of {@link LayerNorm} (same options and names). `forward(x)`: $(\dots, *S) \to (\dots, *S)$;
 * call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class TfLayerNorm extends TfModule {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Variable | null; // (*S)
  readonly bias: Variable | null; // (*S)

  constructor(tf: Tf, normalizedShape: number | readonly number[], options: LayerNormOptions = {}) {
    super(tf);
    const o = parseOptions('TfLayerNorm', normalizedShape, options);
    this.normalizedShape = o.shape;
    this.eps = o.eps;
    this.weight = o.affine ? this.registerParameter('weight', onesInit(o.shape)) : null;
    this.bias = o.affine ? this.registerParameter('bias', zerosInit(o.shape)) : null;
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfLayerNorm.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const axes = trailingAxes('TfLayerNorm', x.shape, this.normalizedShape);
    const xc = tf.sub(x, tf.mean(x, axes, true)); // (..., *S) centred
    const variance = tf.mean(tf.square(xc), axes, true); // (..., 1...)
    const xhat = tf.mul(xc, tf.rsqrt(tf.add(variance, this.eps))); // (..., *S)
    return this.weight && this.bias ? tf.add(tf.mul(xhat, this.weight), this.bias) : xhat; // (..., *S)
  }
}

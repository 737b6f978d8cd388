/**
 * `RMSNorm` (float64 reference) and `TfRMSNorm` (tfjs twin): root-mean-square normalisation
 * (Zhang & Sennrich 2019; torch 2.4's `nn.RMSNorm`, not in 1.13) over the trailing axes $S$ =
 * `normalizedShape` (size $m$):
 * $$r = \sqrt{\tfrac1m\textstyle\sum_{j\in S}x_j^2 + \epsilon},\qquad y = \frac{x}{r}\odot g.$$
 * No centring and no bias: LayerNorm without the mean. State dict: `weight` $g$ of shape
 * `normalizedShape`, initialised to 1; none with `elementwiseAffine: false`.
 *
 * Backward (level1's ops compose it; derived in the docs), with $\hat x = x/r$ and
 * $\bar{\hat x} = g\odot\bar y$: $\bar x = \frac1r\bigl(\bar{\hat x} - \hat x\,\overline{\bar{\hat x}\odot\hat x}\bigr)$
 * (overline: mean over $S$), $\bar g = \sum_\text{samples}\bar y\odot\hat x$. Cost $O(n\,m)$.
 *
 * `eps` defaults to $10^{-6}$ (LLaMA's value and the oracle's; torch 2.4 uses the dtype's machine
 * epsilon when it is not given).
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { onesInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkBool, checkNumberIn } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';
import { checkNormalizedShape, trailingAxes } from './layernorm.js';

/** Options of {@link RMSNorm} and {@link TfRMSNorm}. */
export interface RMSNormOptions {
  /** Added to the mean square before the square root. @default 1e-6 */
  eps?: number;
  /** Learn a per-element gain $g$. @default true */
  elementwiseAffine?: boolean;
}

function parseOptions(owner: string, normalizedShape: unknown, options: RMSNormOptions | undefined) {
  const shape = checkNormalizedShape(owner, normalizedShape);
  const eps = checkNumberIn(owner, 'eps', options?.eps ?? 1e-6, 0, Infinity, true);
  const affine = checkBool(owner, 'elementwiseAffine', options?.elementwiseAffine ?? true);
  return { shape, eps, affine };
}

/**
 * RMS normalisation over the trailing `normalizedShape` axes, float64 reference.
 * `forward(x)`: $(\dots, *S) \to (\dots, *S)$.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class RMSNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Tensor | null; // (*S)

  constructor(normalizedShape: number | readonly number[], options: RMSNormOptions = {}) {
    super();
    const o = parseOptions('RMSNorm', normalizedShape, options);
    this.normalizedShape = o.shape;
    this.eps = o.eps;
    const w = onesInit(o.shape);
    this.weight = o.affine ? this.registerParameter('weight', tensor(w.data, w.shape)) : null;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`RMSNorm.forward: x must be a Tensor, got ${describeValue(x)}`);
    const axes = trailingAxes('RMSNorm', x.shape, this.normalizedShape);
    const r = x.square().mean(axes, true).add(this.eps).sqrt(); // (..., 1...) root mean square
    const xhat = x.div(r); // (..., *S)
    return this.weight ? xhat.mul(this.weight) : xhat; // (..., *S)
  }
}

/**
 * tfjs twin of {@link RMSNorm} (same options and names). `forward(x)`: $(\dots, *S) \to (\dots, *S)$;
 * call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class TfRMSNorm extends TfModule {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly weight: Variable | null; // (*S)

  constructor(tf: Tf, normalizedShape: number | readonly number[], options: RMSNormOptions = {}) {
    super(tf);
    const o = parseOptions('TfRMSNorm', normalizedShape, options);
    this.normalizedShape = o.shape;
    this.eps = o.eps;
    this.weight = o.affine ? this.registerParameter('weight', onesInit(o.shape)) : null;
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfRMSNorm.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    const axes = trailingAxes('TfRMSNorm', x.shape, this.normalizedShape);
    const xhat = tf.mul(x, tf.rsqrt(tf.add(tf.mean(tf.square(x), axes, true), this.eps))); // (..., *S)
    return this.weight ? tf.mul(xhat, this.weight) : xhat; // (..., *S)
  }
}

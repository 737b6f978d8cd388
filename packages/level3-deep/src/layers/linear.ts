/**
 * `Linear` (float64 reference) and `TfLinear` (tfjs twin): PyTorch's `nn.Linear`,
 * $$y = x W^\top + b,\qquad W \in \mathbb R^{o \times i},\ b \in \mathbb R^{o},$$
 * applied to the last axis of $x$ (any leading axes). State dict: `weight` $(o, i)$, `bias` $(o)$.
 *
 * Backward (level1's matmul and add do it): $\bar x = \bar y W$, $\bar W = \bar y^\top x$,
 * $\bar b = \sum_\text{rows} \bar y$. Cost $O(n\,i\,o)$ for $n$ rows, forward and backward alike.
 *
 * Init: PyTorch's default, $W, b \sim \mathcal U(\pm 1/\sqrt i)$ ({@link defaultLinearInit}),
 * weight drawn first, row-major, from the given `rng`.
 *
 * @see ../../../../docs/level3-deep/layers.md
 */
import { ShapeError, describeValue } from '@fpml/core';
import { Tensor, tensor } from '@fpml/level1-math';
import type { Tf } from '@fpml/core/tf';
import { defaultLinearInit } from '../nn/init.js';
import { Module } from '../nn/module.js';
import { checkBool, checkPositiveInt, toRng, type RngLike } from '../nn/rng.js';
import { TfModule, type TfTensor, type Variable } from '../nn/tf-module.js';

/** Options of {@link Linear} and {@link TfLinear}. */
export interface LinearOptions {
  /** Learn an additive bias $b$. @default true */
  bias?: boolean;
  /** Source of the initial weights (an `Rng`, advanced in place, or a seed). Required. */
  rng: RngLike;
}

function initLinear(owner: string, inFeatures: number, outFeatures: number, options: LinearOptions) {
  checkPositiveInt(owner, 'inFeatures', inFeatures);
  checkPositiveInt(owner, 'outFeatures', outFeatures);
  const bias = checkBool(owner, 'bias', options?.bias ?? true);
  return defaultLinearInit([outFeatures, inFeatures], toRng(options?.rng, owner), bias);
}

function checkLastDim(owner: string, shape: readonly number[], inFeatures: number): void {
  if (shape.length < 1 || shape[shape.length - 1] !== inFeatures) {
    throw new ShapeError(`${owner}.forward: x must have last dimension inFeatures = ${inFeatures}, got shape [${shape.join(', ')}]`);
  }
}

/**
 * Affine map of the last axis, float64 reference. `forward(x)`: $(\dots, i) \to (\dots, o)$.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class Linear extends Module {
  readonly weight: Tensor; // (o, i)
  readonly bias: Tensor | null; // (o,)

  constructor(readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions) {
    super();
    const init = initLinear('Linear', inFeatures, outFeatures, options);
    this.weight = this.registerParameter('weight', tensor(init.weight.data, init.weight.shape));
    this.bias = init.bias ? this.registerParameter('bias', tensor(init.bias.data, init.bias.shape)) : null;
  }

  forward(x: Tensor): Tensor {
    if (!(x instanceof Tensor)) throw new ShapeError(`Linear.forward: x must be a Tensor, got ${describeValue(x)}`);
    checkLastDim('Linear', x.shape, this.inFeatures);
    const lead = x.shape.slice(0, -1);
    const x2 = x.reshape([-1, this.inFeatures]); // (n, i)
    let y = x2.matmul(this.weight.transpose()); // (n, o)
    if (this.bias) y = y.add(this.bias); // (n, o), bias broadcast over rows
    return y.reshape([...lead, this.outFeatures]); // (..., o)
  }
}

/**
 * tfjs twin of {@link Linear} (same options, names and initial weights for the same seed).
 * `forward(x)`: $(\dots, i) \to (\dots, o)$; call inside `tf.tidy`.
 * @see ../../../../docs/level3-deep/layers.md
 */
export class TfLinear extends TfModule {
  readonly weight: Variable; // (o, i)
  readonly bias: Variable | null; // (o,)

  constructor(tf: Tf, readonly inFeatures: number, readonly outFeatures: number, options: LinearOptions) {
    super(tf);
    const init = initLinear('TfLinear', inFeatures, outFeatures, options);
    this.weight = this.registerParameter('weight', init.weight);
    this.bias = init.bias ? this.registerParameter('bias', init.bias) : null;
  }

  forward(x: TfTensor): TfTensor {
    const tf = this.tf;
    if (!(x instanceof tf.Tensor)) throw new ShapeError(`TfLinear.forward: x must be a tf.Tensor, got ${describeValue(x)}`);
    checkLastDim('TfLinear', x.shape, this.inFeatures);
    const lead = x.shape.slice(0, -1);
    const x2 = x.reshape([-1, this.inFeatures]); // (n, i)
    let y = tf.matMul(x2, this.weight, false, true); // (n, o) = x W^T
    if (this.bias) y = tf.add(y, this.bias); // (n, o)
    return y.reshape([...lead, this.outFeatures]); // (..., o)
  }
}
